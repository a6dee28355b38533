#!/usr/bin/python3
"""Reference p-values for the Evidently p-value tests, computed with scipy.

Run with Debian's Python (scipy 1.10.1, numpy 1.24, pandas), not the pyenv python3 on PATH:

    /usr/bin/python3 scripts/scipy/gen_pvalue_tests.py

Writes test/fixtures/scipy/pvalue-tests.json: every case holds its input arrays (so the TypeScript
tests need no Python) and, per test id, scipy's score (null for NaN) or the error scipy/Evidently
raise. Each test is called the way Evidently 0.7 calls it (legacy/calculations/stattests/*.py).
"""
import json
import math
import os
import platform

import numpy as np
import pandas as pd
import scipy
import scipy.special
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
DATA = os.path.join(ROOT, 'node_modules', 'vega-datasets', 'data')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'scipy', 'pvalue-tests.json')


# --- Evidently's calls, one per test id -----------------------------------------------------------

def ks(ref, cur):
    return stats.ks_2samp(ref, cur)[1]


def t_test(ref, cur):
    return stats.ttest_ind(ref, cur)[1]


def mannw(ref, cur):
    return stats.mannwhitneyu(x=ref, y=cur, alternative='less')[1]


def anderson(ref, cur):
    return stats.anderson_ksamp([ref, cur])[2]


def cramer_von_mises(ref, cur):
    # Evidently's cramer_von_mises_stattest.py is a copy of this scipy 1.10 function (same
    # 'auto' rule: exact up to 20 per side, the tn < 0.003 shortcut, the same exact algorithm).
    return stats.cramervonmises_2samp(ref, cur).pvalue


def es(ref, cur):
    if stats.iqr(np.hstack((ref, cur))) == 0:
        raise ValueError('Epps-Singleton testsinterquartile range (IQR) is zero.')
    return stats.epps_singleton_2samp(ref, cur)[1]


NUMERICAL = {
    'ks': ks, 't_test': t_test, 'mannw': mannw, 'anderson': anderson,
    'cramer_von_mises': cramer_von_mises, 'es': es,
}


def _keys(ref, cur):
    return list(set(ref.dropna().unique()) | set(cur.dropna().unique()))


def chisquare(ref, cur):
    keys = _keys(ref, cur)
    rc = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cc = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    k_norm = cur.shape[0] / ref.shape[0]
    f_exp = [rc[k] * k_norm for k in keys]
    f_obs = [cc[k] for k in keys]
    return stats.chisquare(f_obs, f_exp)[1]


def z(ref, cur):
    if ref.nunique() == 1 and cur.nunique() == 1 and ref.unique()[0] == cur.unique()[0]:
        return 1.0
    keys = sorted(_keys(ref, cur))
    r = ref.apply(lambda x, key=keys[0]: 0 if x == key else 1)
    c = cur.apply(lambda x, key=keys[0]: 0 if x == key else 1)
    n1, n2 = len(r), len(c)
    p1, p2 = float(sum(r)) / n1, float(sum(c)) / n2
    P = float(p1 * n1 + p2 * n2) / (n1 + n2)
    zs = (p1 - p2) / np.sqrt(P * (1 - P) * (1.0 / n1 + 1.0 / n2))
    return 2 * (1 - stats.norm.cdf(np.abs(zs)))


def g_test(ref, cur):
    keys = _keys(ref, cur)
    rc = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cc = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    return stats.power_divergence([cc[k] for k in keys], [rc[k] for k in keys],
                                  lambda_='log-likelihood')[1]


def fisher_exact(ref, cur):
    if ref.nunique() > 2 or cur.nunique() > 2:
        raise ValueError('Expects binary data for both reference and current, but found unique categories > 2')
    if ref.shape[0] != cur.shape[0]:
        raise ValueError('reference_data and current_data are not of equal length')
    cats = set(ref.unique().tolist() + cur.unique().tolist())
    if len(cats) != 2:
        cats.add('placeholder')
    mapping = dict(zip(list(cats), [0, 1]))
    r = ref.map(mapping).to_numpy()
    c = cur.map(mapping).to_numpy()
    table = np.array([[np.count_nonzero(c), c.size - np.count_nonzero(c)],
                      [np.count_nonzero(r), r.size - np.count_nonzero(r)]])
    return stats.fisher_exact(table)[1]


CATEGORICAL = {'chisquare': chisquare, 'z': z, 'g_test': g_test, 'fisher_exact': fisher_exact}


# --- running ----------------------------------------------------------------------------------

def run(tests, ref, cur, only=None):
    expected, errors = {}, {}
    for name, fn in tests.items():
        if only is not None and name not in only:
            continue
        try:
            with np.errstate(all='ignore'):
                import warnings
                with warnings.catch_warnings():
                    warnings.simplefilter('ignore')
                    p = float(fn(ref, cur))
            expected[name] = None if math.isnan(p) else p
        except ValueError as e:
            errors[name] = str(e).split('\n')[0]
    return expected, errors


def tolist(a):
    out = []
    for v in a:
        if isinstance(v, (np.integer,)):
            out.append(int(v))
        elif isinstance(v, (float, np.floating)):
            f = float(v)
            out.append(int(f) if f.is_integer() and abs(f) < 2**53 else f)
        else:
            out.append(v)
    return out


numerical_cases = []
categorical_cases = []


def add_num(name, ref, cur, only=None):
    ref = np.asarray(ref, dtype=float)
    cur = np.asarray(cur, dtype=float)
    expected, errors = run(NUMERICAL, ref, cur, only)
    numerical_cases.append({'name': name, 'ref': tolist(ref), 'cur': tolist(cur),
                            'expected': expected, 'errors': errors})


def add_cat(name, ref, cur, only=None):
    expected, errors = run(CATEGORICAL, pd.Series(ref), pd.Series(cur), only)
    categorical_cases.append({'name': name, 'ref': tolist(ref), 'cur': tolist(cur),
                              'expected': expected, 'errors': errors})


rng = np.random.default_rng(20240601)
r3 = lambda a: np.round(a, 3)  # short decimals keep the fixture small; inputs are exact as written

# Synthetic numerical cases
add_num('normal 40 vs 35, shift 0.5', r3(rng.normal(0, 1, 40)), r3(rng.normal(0.5, 1, 35)))
add_num('normal 50 vs 50 (equal sizes)', r3(rng.normal(0, 1, 50)), r3(rng.normal(0.3, 1.2, 50)))
add_num('tiny 6 vs 7 no ties', r3(rng.normal(0, 1, 6)), r3(rng.normal(1, 1, 7)))
add_num('mannw exact 5 vs 30', r3(rng.normal(0, 1, 5)), r3(rng.normal(0.4, 1, 30)))
add_num('mannw exact 8 vs 8', r3(rng.uniform(0, 1, 8)), r3(rng.uniform(0.3, 1.3, 8)))
add_num('mannw exact 3 vs 4', [0.1, 0.5, 0.9], [1.2, 0.7, 2.0, 3.0])
add_num('poisson ties 60 vs 80', rng.poisson(3, 60), rng.poisson(3.6, 80))
add_num('cvm exact ties 12 vs 15', rng.integers(0, 6, 12), rng.integers(1, 7, 15))
add_num('cvm exact 20 vs 20', r3(rng.normal(0, 1, 20)), r3(rng.normal(0.6, 1, 20)))
add_num('cvm exact 19 vs 20', r3(rng.normal(0, 1, 19)), r3(rng.normal(0.2, 1.5, 20)))
add_num('cvm exact 2 vs 20', [0.3, 1.7], r3(rng.normal(0, 1, 20)))
add_num('cvm asymptotic 21 vs 20', r3(rng.normal(0, 1, 21)), r3(rng.normal(0.1, 1, 20)))
same = r3(rng.normal(0, 1, 300))
add_num('anderson capped at 0.25 (same values shuffled)', same, rng.permutation(same))
add_num('anderson floored at 0.001 (big shift)', r3(rng.normal(0, 1, 200)), r3(rng.normal(2, 1, 200)))
add_num('large shift: tiny p-values', r3(rng.normal(0, 1, 500)), r3(rng.normal(1.5, 1, 400)))
add_num('ks exact 10000 vs 9000', r3(rng.normal(0, 1, 10000)), r3(rng.normal(0.03, 1, 9000)))
add_num('ks exact 10000 vs 10000 (square)', r3(rng.normal(0, 1, 10000)), r3(rng.normal(0.02, 1, 10000)),
        only=['ks', 't_test', 'mannw'])
add_num('ks asymptotic 12000 vs 11000, small shift', r3(rng.normal(0, 1, 12000)), r3(rng.normal(0.02, 1, 11000)))
add_num('ks asymptotic 12000 vs 11000, larger shift', r3(rng.normal(0, 1, 12000)), r3(rng.normal(0.08, 1, 11000)),
        only=['ks'])
add_num('ks asymptotic 10001 vs 7 (kstwo n=7)', r3(rng.normal(0, 1, 10001)), r3(rng.normal(0.8, 1, 7)),
        only=['ks', 'mannw'])
add_num('ks asymptotic 10500 vs 60 (kstwo n=60)', r3(rng.normal(0, 1, 10500)), r3(rng.normal(0.2, 1, 60)),
        only=['ks'])
add_num('ks asymptotic 10001 vs 10001 (round(5000.5) = 5000, half to even)', rng.integers(0, 2000, 10001),
        rng.integers(5, 2005, 10001), only=['ks'])
add_num('constant, equal on both sides', [2.5] * 12, [2.5] * 9)
add_num('constant, different values', [1.0] * 12, [2.0] * 9)
add_num('es IQR zero', [0.0] * 20 + [1.0, 2.0], [0.0] * 15 + [3.0])
add_num('es fewer than 5 values', [1.0, 2.0, 3.0, 4.0], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5])
add_num('single value on a side', [1.0], [1.5, 2.5, 3.5, 4.5, 5.5, 6.5])

# Real data (vega-datasets)
with open(os.path.join(DATA, 'cars.json')) as f:
    cars = pd.DataFrame(json.load(f))
hp = cars.dropna(subset=['Horsepower'])
add_num('cars Horsepower USA vs Europe', hp[hp.Origin == 'USA'].Horsepower, hp[hp.Origin == 'Europe'].Horsepower)
mpg = cars.dropna(subset=['Miles_per_Gallon'])
add_num('cars Miles_per_Gallon before vs from 1976', mpg[mpg.Year < '1976'].Miles_per_Gallon,
        mpg[mpg.Year >= '1976'].Miles_per_Gallon)
add_num('cars Acceleration Europe vs Japan', cars[cars.Origin == 'Europe'].Acceleration,
        cars[cars.Origin == 'Japan'].Acceleration)
with open(os.path.join(DATA, 'penguins.json')) as f:
    peng = pd.DataFrame(json.load(f))
fl = peng.dropna(subset=['Flipper Length (mm)'])
add_num('penguins Flipper Length Adelie vs Chinstrap', fl[fl.Species == 'Adelie']['Flipper Length (mm)'],
        fl[fl.Species == 'Chinstrap']['Flipper Length (mm)'])
bm = peng.dropna(subset=['Body Mass (g)'])
add_num('penguins Body Mass Biscoe vs Dream', bm[bm.Island == 'Biscoe']['Body Mass (g)'],
        bm[bm.Island == 'Dream']['Body Mass (g)'])
sea = pd.read_csv(os.path.join(DATA, 'seattle-weather.csv'))
sea['year'] = sea.date.str[:4]
add_num('seattle temp_max 2012 vs 2015', sea[sea.year == '2012'].temp_max, sea[sea.year == '2015'].temp_max)
add_num('seattle precipitation 2013 vs 2014 (many zeros)', sea[sea.year == '2013'].precipitation,
        sea[sea.year == '2014'].precipitation)
add_num('seattle wind Jan-Jun vs Jul-Dec 2012 (small shift)',
        sea[(sea.year == '2012') & (sea.date.str[5:7] <= '06')].wind,
        sea[(sea.year == '2012') & (sea.date.str[5:7] > '06')].wind)
with open(os.path.join(DATA, 'flights-20k.json')) as f:
    flights = pd.DataFrame(json.load(f))
add_num('flights-20k delay first 12000 vs last 8000 (asymptotic)', flights.delay[:12000], flights.delay[12000:])
add_num('flights-20k distance first 5000 vs next 5000 (exact square, ties)', flights.distance[:5000],
        flights.distance[5000:10000])

# Categorical cases
sp = peng.Species.tolist()
add_cat('penguins Species first 170 vs rest (strings)', sp[:170], sp[170:])
isl = peng.Island.tolist()
add_cat('penguins Island first 172 vs last 172 (equal sizes)', isl[:172], isl[172:])
sex = [s for s in peng.Sex.tolist() if s in ('MALE', 'FEMALE')]
add_cat('penguins Sex 150 vs 150 (binary, equal sizes)', sex[:150], sex[150:300])
cyl = cars.Cylinders.tolist()
add_cat('cars Cylinders USA vs Europe (numeric labels)', cars[cars.Origin == 'USA'].Cylinders.tolist(),
        cars[cars.Origin == 'Europe'].Cylinders.tolist())
add_cat('cars Cylinders first 200 vs next 200 (numeric labels, equal sizes)', cyl[:200], cyl[200:400])
w = sea.weather.tolist()
add_cat('seattle weather 2012 vs 2013 (unequal sizes)', sea[sea.year == '2012'].weather.tolist(),
        sea[sea.year == '2013'].weather.tolist())
add_cat('seattle weather 2013 vs 2014 (equal sizes)', sea[sea.year == '2013'].weather.tolist(),
        sea[sea.year == '2014'].weather.tolist())
add_cat('seattle rain flag 2013 vs 2014 (binary 0/1)',
        [int(x == 'rain') for x in sea[sea.year == '2013'].weather], [int(x == 'rain') for x in sea[sea.year == '2014'].weather])
add_cat('category only in current', ['a'] * 30 + ['b'] * 20, ['a'] * 25 + ['b'] * 20 + ['c'] * 5)
add_cat('z: single shared value', ['x'] * 40, ['x'] * 25)
add_cat('constant numeric label, equal sizes', [7] * 30, [7] * 30)
add_cat('different single values', ['a'] * 30, ['b'] * 30)
add_cat('z numeric order 9 < 10 < 100', [9] * 10 + [10] * 30 + [100] * 20, [9] * 25 + [10] * 20 + [100] * 15)
add_cat('z string order A < B < a', ['a'] * 10 + ['B'] * 30 + ['A'] * 20, ['a'] * 25 + ['B'] * 20 + ['A'] * 15)
add_cat('z code-point order U+FF61 < U+1F600 < U+1F601',
        ['\U0001F600'] * 10 + ['\uFF61'] * 30 + ['\U0001F601'] * 20,
        ['\U0001F600'] * 25 + ['\uFF61'] * 20 + ['\U0001F601'] * 15)
add_cat('binary strong shift, equal sizes', ['yes'] * 80 + ['no'] * 20, ['yes'] * 40 + ['no'] * 60)
add_cat('binary tiny, equal sizes', ['p', 'q', 'p'], ['q', 'q', 'p'])
add_cat('binary large, equal sizes', ['L'] * 3000 + ['R'] * 2000, ['L'] * 2900 + ['R'] * 2100)
add_cat('binary odd total: x at the mode pair', ['u'] * 5 + ['v'] * 5, ['u'] * 6 + ['v'] * 4)
add_cat('three categories, two per side', ['a'] * 10 + ['b'] * 10, ['b'] * 10 + ['c'] * 10,
        only=['chisquare', 'z', 'g_test'])

# Special functions behind the tests: kstwo.sf (asymptotic K-S) and kve(1/4, x) (Cramer-von Mises).
kstwo_grid = []
grid_rng = np.random.default_rng(7)
for n in [1, 2, 5, 7, 20, 60, 140, 141, 500, 5739, 100000, 100001]:
    xs = list(grid_rng.uniform(0, 1, 3)) + list(grid_rng.uniform(0, 3 / math.sqrt(n), 8))
    xs += [0.5 / n, 0.75 / n, 1 / n, (n - 1) / n, 0.5, 0.51]
    for x in xs:
        if 0 < x <= 1:
            kstwo_grid.append([n, float(x), float(stats.kstwo.sf(x, n))])
kve_grid = [[float(x), float(scipy.special.kve(0.25, x))]
            for x in list(np.logspace(-4, math.log10(700), 40)) + [24.999, 25.0, 25.001]]

doc = {
    'generator': 'scripts/scipy/gen_pvalue_tests.py',
    'versions': {'python': platform.python_version(), 'scipy': scipy.__version__,
                 'numpy': np.__version__, 'pandas': pd.__version__},
    'numerical': numerical_cases,
    'categorical': categorical_cases,
    'kstwo_sf': kstwo_grid,
    'kve_quarter': kve_grid,
}
with open(OUT, 'w') as f:
    json.dump(doc, f, ensure_ascii=False, allow_nan=False, separators=(',', ':'))
print(f'wrote {OUT}: {os.path.getsize(OUT)} bytes, {len(numerical_cases)} numerical and '
      f'{len(categorical_cases)} categorical cases')
