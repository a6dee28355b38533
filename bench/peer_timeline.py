"""The timeline's peer: pandas + scipy grouping the current data by day and running Evidently's
default tests on each day against the reference (what a user without a timeline would script; the reference's
distinct values, counts and standard deviation are computed once, not per day).

Run with /usr/bin/python3: peer_timeline.py REFERENCE CURRENT TIME_COLUMN [COLUMNS]. Reads both
CSV files with pandas.read_csv, parses the time column (pandas.to_datetime), groups the current
rows by calendar day (Series.dt.floor('D')) and, per day, types each column on that day's rows as
Evidently 0.7's new API does and runs the default test (the same code as bench/peer.py). Prints one
JSON object: per-phase seconds, peak RSS and every chunk's per-column test and score.
"""
import json
import resource
import sys
import time

T0 = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from scipy import stats  # noqa: E402
from scipy.spatial import distance  # noqa: E402

from peer import chi_square, clean, column_type, z_test  # noqa: E402

T_IMPORT = time.perf_counter()


class Reference:
    """One reference column's pieces that do not depend on the chunk, computed once (as a user
    scripting a per-day loop would): cleaned values, distinct values, counts, population std."""

    def __init__(self, values):
        self.values = values
        self.n = len(values)
        self.unique = set(values.unique())
        self.counts = values.value_counts()
        self.std = float(np.std(values)) if pd.api.types.is_numeric_dtype(values) else None


def run_test(ref, cur, ctype):
    """bench/peer.py's run_test (Evidently's default rule and tests) with the reference's pieces reused."""
    n_unique = len(ref.unique | set(cur.unique()))
    if ctype == "num" and n_unique > 5:
        if ref.n <= 1000:
            return "ks", stats.ks_2samp(ref.values, cur)[1]
        return "wasserstein", stats.wasserstein_distance(ref.values, cur) / max(ref.std, 0.001)
    if ref.n <= 1000:
        if n_unique <= 2:
            return "z", z_test(ref.values, cur)
        return "chisquare", chi_square(ref.values, cur)
    if ctype == "num" and n_unique > 20:
        both = np.concatenate([ref.values.values, cur.values])
        bins = np.histogram_bin_edges(both, bins="sturges")
        r = np.histogram(ref.values, bins)[0] / ref.n
        c = np.histogram(cur, bins)[0] / len(cur)
        return "jensenshannon", distance.jensenshannon(r, c)
    cc = cur.value_counts()
    keys = list(ref.unique | set(cc.index))
    r = np.array([ref.counts.get(k, 0) for k in keys]) / ref.n
    c = np.array([cc.get(k, 0) for k in keys]) / len(cur)
    return "jensenshannon", distance.jensenshannon(r, c)


def main():
    ref_path, cur_path, time_column = sys.argv[1], sys.argv[2], sys.argv[3]
    only = set(sys.argv[4].split(",")) if len(sys.argv) > 4 and sys.argv[4] else None
    t = time.perf_counter()
    reference = pd.read_csv(ref_path)
    current = pd.read_csv(cur_path)
    t_read = time.perf_counter()
    day = pd.to_datetime(current[time_column]).dt.floor("D")
    names = [n for n in current.columns if n != time_column and n in reference.columns and (only is None or n in only)]
    cleaned_ref = {n: Reference(clean(reference[n])) for n in names}
    chunks = []
    for start, rows in current.groupby(day, sort=True):
        columns = {}
        for name in names:
            ctype = column_type(rows[name])
            if ctype not in ("num", "cat"):
                continue
            ref, cur = cleaned_ref[name], clean(rows[name])
            if ref.n == 0 or len(cur) == 0:
                continue
            test, score = run_test(ref, cur, ctype)
            columns[name] = {"type": ctype, "test": test, "score": float(score)}
        chunks.append({"start": start.strftime("%Y-%m-%dT%H:%M:%S"), "rows": int(len(rows)), "columns": columns})
    t_tests = time.perf_counter()
    print(json.dumps({
        "seconds": {"import": T_IMPORT - T0, "read": t_read - t, "tests": t_tests - t_read, "total": t_tests - T0},
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "chunks": chunks,
    }))


if __name__ == "__main__":
    main()
