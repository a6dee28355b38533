#!/usr/bin/python3
"""Evidently 0.7's default DataDriftPreset run chunk by chunk: the timeline's reference.

Run with Debian's python3 (python3-scipy, python3-pandas):  /usr/bin/python3 scripts/scipy/gen_timeline_cases.py
Evidently itself is not installable here, so its per-column rules are redone as gen_engine_cases.py
does (typing on the CURRENT frame, i.e. on the chunk; cleaning; the default test rule; the scores;
the dataset share >= 0.5). The current file is grouped with pandas by calendar period
(`Series.dt.to_period`: 'M' months, 'W-SUN' ISO weeks Monday to Sunday), and each group is
compared with the reference as Evidently would compare them if given that group as current data.

Writes test/fixtures/pairs/flights20k-january.csv and flights20k-febmar.csv (from vega-datasets'
flights-20k.json: reference January 2001, current February and March) and
test/fixtures/scipy/timeline-cases.json, which test/unit/timeline-evidently.test.ts compares with
`computeTimeline`.
"""
import json
import os

import numpy as np
import pandas as pd

from gen_engine_cases import clean, drifted, infer_type, run_test

ROOT = os.path.join(os.path.dirname(__file__), '..', '..')
PAIRS = os.path.join(ROOT, 'test', 'fixtures', 'pairs')
SAMPLES = os.path.join(ROOT, 'samples')
VEGA = os.path.join(ROOT, 'node_modules', 'vega-datasets', 'data')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'scipy', 'timeline-cases.json')


def write_flights():
    df = pd.read_json(os.path.join(VEGA, 'flights-20k.json'), convert_dates=False)
    month = df['date'].str.slice(0, 7)
    df[month == '2001/01'].to_csv(os.path.join(PAIRS, 'flights20k-january.csv'), index=False)
    df[month != '2001/01'].to_csv(os.path.join(PAIRS, 'flights20k-febmar.csv'), index=False)


CASES = [
    # name, reference, current, time column, pandas period, the timeline's --period
    ('weather-by-month', os.path.join(SAMPLES, 'weather-reference.csv'), os.path.join(SAMPLES, 'weather-current.csv'), 'date', 'M', '1M'),
    ('flights20k-by-week', os.path.join(PAIRS, 'flights20k-january.csv'), os.path.join(PAIRS, 'flights20k-febmar.csv'), 'date', 'W-SUN', '1w'),
    ('flights20k-by-month', os.path.join(PAIRS, 'flights20k-january.csv'), os.path.join(PAIRS, 'flights20k-febmar.csv'), 'date', 'M', '1M'),
]


def compare(ref_df, cur_df, time_column):
    columns = []
    for col in cur_df.columns:
        if col == time_column or col not in ref_df.columns:
            continue  # Evidently: the one datetime column is the timestamp, never tested
        ftype = infer_type(cur_df[col])
        entry = {'name': col, 'evidentlyType': ftype}
        if ftype in ('num', 'cat'):
            ref, cur = clean(ref_df[col]), clean(cur_df[col])
            test, score, thr, op = run_test(ref, cur, ftype)
            entry.update(test=test, score=score, threshold=thr, drifted=bool(drifted(score, thr, op)))
        columns.append(entry)
    tested = [c for c in columns if 'drifted' in c]
    n = sum(c['drifted'] for c in tested)
    share = n / len(tested) if tested else 0
    return columns, {'drifted': bool(tested) and share >= 0.5, 'driftedColumns': n, 'testedColumns': len(tested), 'share': share}


def case(name, ref_path, cur_path, time_column, freq, period):
    ref_df = pd.read_csv(ref_path)
    cur_df = pd.read_csv(cur_path)
    periods = pd.to_datetime(cur_df[time_column]).dt.to_period(freq)
    chunks = []
    for i, (p, rows) in enumerate(cur_df.groupby(periods, sort=True)):
        columns, dataset = compare(ref_df, rows, time_column)
        chunks.append({
            'index': i,
            'start': p.start_time.strftime('%Y-%m-%dT%H:%M:%S'),
            'end': (p.end_time + pd.Timedelta(1, 'ns')).strftime('%Y-%m-%dT%H:%M:%S'),
            'rows': int(len(rows)),
            'dataset': dataset,
            'columns': columns,
        })
    return {'name': name, 'reference': os.path.relpath(ref_path, ROOT), 'current': os.path.relpath(cur_path, ROOT),
            'timeColumn': time_column, 'period': period, 'chunks': chunks}


def main():
    write_flights()
    out = {'generator': 'scripts/scipy/gen_timeline_cases.py', 'scipy': __import__('scipy').__version__,
           'pandas': pd.__version__, 'numpy': np.__version__,
           'cases': [case(*c) for c in CASES]}
    with open(OUT, 'w') as f:
        json.dump(out, f, indent=1)
    print('wrote', OUT)


if __name__ == '__main__':
    main()
