"""The peer: what Evidently does by default, on the same files, with Debian's pandas and scipy.

Run with /usr/bin/python3. Reads both CSV files with pandas.read_csv (Evidently reads nothing
itself: its users load data this way), types each column as Evidently 0.7's new API does, picks
the default test (legacy/calculations/stattests/registry.py::_get_default_stattest) and runs it
as Evidently's stattests do. No summaries, histograms or report: this is a floor for Evidently's
own time, which also builds its report objects and HTML.

Prints one JSON object: per-phase seconds, peak RSS (ru_maxrss) and each column's test and score.
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

T_IMPORT = time.perf_counter()


def clean(s):
    # legacy/calculations/data_drift.py: +-inf -> NaN, then NaN dropped, each side separately.
    return s.replace([np.inf, -np.inf], np.nan).dropna()


def column_type(cur):
    """core/datasets.py::infer_column_type on the CURRENT data (the new API)."""
    if pd.api.types.is_float_dtype(cur):
        return "num"
    if pd.api.types.is_integer_dtype(cur):
        return "cat" if cur.nunique() <= 10 else "num"
    if pd.api.types.is_bool_dtype(cur):
        return "cat"
    nonnull = cur.dropna()
    if len(nonnull) == 0:
        return None
    if isinstance(nonnull.iloc[0], str) and isinstance(nonnull.iloc[-1], str):
        return "text" if nonnull.nunique() > 0.5 * len(nonnull) else "cat"
    return None


def binned(ref, cur, feature_type):
    """stattests/utils.py::get_binned_data without zero filling (jensenshannon)."""
    n_vals = pd.concat([ref, cur]).nunique()
    if feature_type == "num" and n_vals > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins="sturges")
        r = np.histogram(ref, bins)[0] / len(ref)
        c = np.histogram(cur, bins)[0] / len(cur)
        return r, c
    keys = list((set(ref) | set(cur)) - {np.nan})
    rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    r = np.array([rd[k] for k in keys]) / len(ref)
    c = np.array([cd[k] for k in keys]) / len(cur)
    return r, c


def run_test(ref, cur, ctype):
    n_ref = len(ref)
    n_unique = pd.concat([ref, cur]).nunique()
    if ctype == "num" and n_unique > 5:
        if n_ref <= 1000:
            return "ks", stats.ks_2samp(ref, cur)[1]
        norm = max(np.std(ref), 0.001)
        return "wasserstein", stats.wasserstein_distance(ref, cur) / norm
    if n_ref <= 1000:
        if n_unique <= 2:
            return "z", z_test(ref, cur)
        return "chisquare", chi_square(ref, cur)
    r, c = binned(ref, cur, ctype)
    return "jensenshannon", distance.jensenshannon(r, c)


def chi_square(ref, cur):
    keys = sorted(set(ref) | set(cur))
    rc = ref.value_counts()
    cc = cur.value_counts()
    k_norm = len(cur) / len(ref)
    expected = [rc.get(k, 0) * k_norm for k in keys]
    observed = [cc.get(k, 0) for k in keys]
    return stats.chisquare(observed, expected)[1]


def z_test(ref, cur):
    keys = sorted(set(ref) | set(cur))
    if len(keys) == 1:
        return 1.0
    first = keys[0]
    x1 = (ref != first).sum()
    x2 = (cur != first).sum()
    n1, n2 = len(ref), len(cur)
    p1, p2 = x1 / n1, x2 / n2
    p = (x1 + x2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return 2 * stats.norm.sf(abs(z))


def main():
    ref_path, cur_path = sys.argv[1], sys.argv[2]
    only = set(sys.argv[3].split(",")) if len(sys.argv) > 3 and sys.argv[3] else None
    t = time.perf_counter()
    reference = pd.read_csv(ref_path)
    current = pd.read_csv(cur_path)
    t_read = time.perf_counter()
    columns = {}
    for name in current.columns:
        if only is not None and name not in only:
            continue
        if name not in reference.columns:
            continue
        ctype = column_type(current[name])
        if ctype not in ("num", "cat"):
            continue
        ref, cur = clean(reference[name]), clean(current[name])
        if len(ref) == 0 or len(cur) == 0:
            continue
        test, score = run_test(ref, cur, ctype)
        columns[name] = {"type": ctype, "test": test, "score": float(score)}
    t_tests = time.perf_counter()
    print(json.dumps({
        "seconds": {"import": T_IMPORT - T0, "read": t_read - t, "tests": t_tests - t_read, "total": t_tests - T0},
        "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "versions": {"pandas": pd.__version__, "scipy": __import__("scipy").__version__, "numpy": np.__version__},
        "columns": columns,
    }))


if __name__ == "__main__":
    main()
