#!/usr/bin/python3
"""Redoes Evidently 0.7's default DataDriftPreset pipeline with pandas + scipy on the fixture pairs.

Run with Debian's python3 (python3-scipy, python3-pandas):  /usr/bin/python3 scripts/scipy/gen_engine_cases.py
Writes test/fixtures/scipy/engine-cases.json, which test/unit/drift-engine.test.ts compares with the
engine's report. The rules are the ones in docs/drift-methods.md (sections 1a, 2, 3, 4, 4.1):
typing on the CURRENT frame, cleaning, the default test rule, the scores and the dataset share.
Text columns are listed without a score (Evidently's text classifier is not reproduced).
"""
import json
import os

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
PAIRS = os.path.join(ROOT, 'test', 'fixtures', 'pairs')
SAMPLES = os.path.join(ROOT, 'samples')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'scipy', 'engine-cases.json')

CASES = [
    ('penguins-halves', os.path.join(PAIRS, 'penguins-halves-reference.csv'), os.path.join(PAIRS, 'penguins-halves-current.csv')),
    ('penguins-evenodd', os.path.join(PAIRS, 'penguins-evenodd-reference.csv'), os.path.join(PAIRS, 'penguins-evenodd-current.csv')),
    ('flights-halves', os.path.join(PAIRS, 'flights-halves-reference.csv'), os.path.join(PAIRS, 'flights-halves-current.csv')),
    ('gapminder-years', os.path.join(PAIRS, 'gapminder-years-reference.csv'), os.path.join(PAIRS, 'gapminder-years-current.csv')),
    ('cars', os.path.join(SAMPLES, 'cars-reference.csv'), os.path.join(SAMPLES, 'cars-current.csv')),
    ('weather', os.path.join(SAMPLES, 'weather-reference.csv'), os.path.join(SAMPLES, 'weather-current.csv')),
]


def infer_type(s):
    """core/datasets.py::infer_column_type (new API), INTEGER_CARDINALITY_LIMIT = 10."""
    if pd.api.types.is_bool_dtype(s):
        return 'cat'
    if pd.api.types.is_float_dtype(s):
        return 'num'
    if pd.api.types.is_integer_dtype(s):
        return 'cat' if s.nunique() <= 10 else 'num'
    nn = s.dropna()
    if len(nn) == 0:
        return 'unknown'
    if isinstance(nn.iloc[0], str) and isinstance(nn.iloc[-1], str):
        return 'text' if nn.nunique() > 0.5 * len(nn) else 'cat'
    return 'unknown'


def clean(s):
    return s.replace([np.inf, -np.inf], np.nan).dropna()


def unique_keys(ref, cur):
    return list(set(ref.unique()) | set(cur.unique()) - {np.nan})


def binned(ref, cur, ftype):
    if ftype == 'num' and ref.nunique() > 20:
        bins = np.histogram_bin_edges(pd.concat([ref, cur], axis=0).values, bins='sturges')
        return np.histogram(ref, bins)[0] / len(ref), np.histogram(cur, bins)[0] / len(cur)
    keys = unique_keys(ref, cur)
    rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    return np.array([rd[k] for k in keys]) / len(ref), np.array([cd[k] for k in keys]) / len(cur)


def chisquare_p(ref, cur):
    keys = unique_keys(ref, cur)
    rd = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cd = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    k = cur.shape[0] / ref.shape[0]
    return stats.chisquare([cd[key] for key in keys], [rd[key] * k for key in keys])[1]


def z_p(ref, cur):
    if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
        return 1.0
    first = sorted(set(ref.unique()) | set(cur.unique()))[0]
    r = (ref != first).astype(int)
    c = (cur != first).astype(int)
    n1, n2 = len(r), len(c)
    p1, p2 = r.sum() / n1, c.sum() / n2
    P = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / np.sqrt(P * (1 - P) * (1 / n1 + 1 / n2))
    return float(2 * (1 - stats.norm.cdf(abs(z))))


def run_test(ref, cur, ftype):
    n_unique = len(set(ref.unique()) | set(cur.unique()))
    small = len(ref) <= 1000
    if ftype == 'num' and n_unique > 5:
        if small:
            return 'ks', float(stats.ks_2samp(ref, cur)[1]), 0.05, 'le'
        wd = stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
        return 'wasserstein', float(wd), 0.1, 'ge'
    if small:
        if n_unique <= 2:
            return 'z', z_p(ref, cur), 0.05, 'lt'
        return 'chisquare', float(chisquare_p(ref, cur)), 0.05, 'lt'
    r, c = binned(ref, cur, ftype)
    return 'jensenshannon', float(distance.jensenshannon(r, c)), 0.1, 'ge'


def summary(v):
    q = np.quantile(v.values, [0.05, 0.25, 0.5, 0.75, 0.95])
    return {'count': int(len(v)), 'min': float(v.min()), 'max': float(v.max()), 'mean': float(v.mean()),
            'std': float(v.std()), 'quantiles': q.tolist()}


def drifted(score, thr, op):
    return {'le': score <= thr, 'lt': score < thr, 'ge': score >= thr, 'gt': score > thr}[op]


def case(name, ref_path, cur_path):
    ref_df = pd.read_csv(ref_path)
    cur_df = pd.read_csv(cur_path)
    columns = []
    for col in cur_df.columns:
        if col not in ref_df.columns:
            continue
        ftype = infer_type(cur_df[col])
        entry = {'name': col, 'evidentlyType': ftype}
        if ftype in ('num', 'cat'):
            ref, cur = clean(ref_df[col]), clean(cur_df[col])
            test, score, thr, op = run_test(ref, cur, ftype)
            entry.update(test=test, score=score, threshold=thr, drifted=bool(drifted(score, thr, op)))
        columns.append(entry)
        if ftype == 'num':
            ref, cur = clean(ref_df[col]), clean(cur_df[col])
            entry['summaries'] = {side: summary(v) for side, v in (('reference', ref), ('current', cur))}
            if pd.api.types.is_float_dtype(cur_df[col]) and pd.api.types.is_float_dtype(ref_df[col]):
                entry['doaneEdges'] = np.histogram_bin_edges(np.concatenate([ref.values, cur.values]), bins='doane').tolist()
    tested = [c for c in columns if 'drifted' in c]
    share = sum(c['drifted'] for c in tested) / len(tested)
    return {'name': name, 'reference': os.path.relpath(ref_path, ROOT), 'current': os.path.relpath(cur_path, ROOT),
            'columns': columns, 'shareOfScoredColumns': share}


def main():
    out = {'generator': 'scripts/scipy/gen_engine_cases.py', 'scipy': __import__('scipy').__version__,
           'pandas': pd.__version__, 'numpy': np.__version__,
           'cases': [case(*c) for c in CASES]}
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
    print('wrote', OUT)


if __name__ == '__main__':
    main()
