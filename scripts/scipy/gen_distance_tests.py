#!/usr/bin/python3
"""Expected scores for the distance-style drift tests, computed the way Evidently 0.7 computes them.

Run with Debian's Python (numpy 1.24, scipy 1.10, pandas 1.5):

    /usr/bin/python3 scripts/scipy/gen_distance_tests.py

Evidently itself is not installed here, so each of its formulas is restated below with the same
numpy / scipy / pandas calls its source makes (legacy/calculations/stattests/*.py at 0.7.x). The
inputs are written next to the expected values so the TypeScript tests need no Python.
Output: test/fixtures/scipy/distance-tests.json
"""
import json
import math
import os
import re
import unicodedata
from collections import Counter

import numpy as np
import pandas as pd
from scipy import stats
from scipy.spatial import distance

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DATA = os.path.join(ROOT, 'node_modules', 'vega-datasets', 'data')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'scipy', 'distance-tests.json')

NUM = 'num'
CAT = 'cat'


# ---------------------------------------------------------------------------------------------
# Evidently's formulas (restated; same library calls as its source)
# ---------------------------------------------------------------------------------------------

def union_keys(ref, cur):
    """utils.get_unique_not_nan_values_list_from_series."""
    return list(set(ref.dropna().unique()) | set(cur.dropna().unique()))


def binned_data(ref, cur, feature_type, fill_zeros, bins=None):
    """utils.get_binned_data. `bins` is the project's departure: equal-width bins instead of Sturges."""
    if feature_type == NUM and ref.nunique() > 20:
        pooled = pd.concat([ref, cur], axis=0).values
        edges = np.histogram_bin_edges(pooled, bins='sturges' if bins is None else bins)
        r = np.histogram(ref, edges)[0] / len(ref)
        c = np.histogram(cur, edges)[0] / len(cur)
    else:
        keys = union_keys(ref, cur)
        ref_counts = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
        cur_counts = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
        r = np.array([ref_counts[k] / len(ref) for k in keys])
        c = np.array([cur_counts[k] / len(cur) for k in keys])
    if fill_zeros:
        for arr in (r, c):
            smallest = min(arr[arr != 0])
            np.place(arr, arr == 0, smallest / 10**6 if smallest <= 0.0001 else 0.0001)
    return r, c


def wasserstein_norm(ref, cur):
    norm = max(np.std(ref), 0.001)
    return stats.wasserstein_distance(ref, cur) / norm


def jensenshannon(ref, cur, ftype, bins=None):
    r, c = binned_data(ref, cur, ftype, False, bins)
    return distance.jensenshannon(r, c, None)


def psi(ref, cur, ftype, bins=None):
    r, c = binned_data(ref, cur, ftype, True, bins)
    return np.sum((r - c) * np.log(r / c))


def kl_div(ref, cur, ftype, bins=None):
    r, c = binned_data(ref, cur, ftype, True, bins)
    return stats.entropy(r, c)


def hellinger(ref, cur, ftype):
    keys = list(set(ref.unique()) | set(cur.unique()))
    if ftype == CAT:
        ref_share = (ref.value_counts() / len(ref)).to_dict()
        cur_share = (cur.value_counts() / len(cur)).to_dict()
        total = 0.0
        for k in keys:
            total += math.sqrt(ref_share.get(k, 0) * cur_share.get(k, 0))
    else:
        edges = np.histogram_bin_edges(keys, bins='sturges')
        h1 = np.histogram(ref.to_numpy(), bins=edges, density=True)[0]
        h2 = np.histogram(cur.to_numpy(), bins=edges, density=True)[0]
        width = (max(edges) - min(edges)) / (len(edges) - 1)
        total = 0.0
        for i in range(len(h1)):
            total += math.sqrt(h1[i] * h2[i]) * width
    total = np.clip(total, 0, 1)
    return math.sqrt(1 - total)


def energy(ref, cur):
    return stats.energy_distance(ref, cur)


def total_variation(ref, cur):
    """tvd_stattest._total_variation_distance."""
    keys = union_keys(ref, cur)
    ref_counts = {**dict.fromkeys(keys, 0), **dict(ref.value_counts())}
    cur_counts = {**dict.fromkeys(keys, 0), **dict(cur.value_counts())}
    r = list(ref_counts.values())
    c = list(cur_counts.values())
    return 0.5 * np.sum(np.abs(r / sum(r) - c / sum(c)))


def tvd_test(ref, cur, iterations=1000):
    """utils.permutation_test as Evidently runs it, plus the same draws judged with exact ties."""
    observed = total_variation(ref, cur)
    n1, n2 = len(ref), len(cur)
    pooled = ref.tolist() + cur.tolist()
    totals = Counter(pooled)

    def scaled(counter_ref):
        return sum(abs(counter_ref.get(k, 0) * n2 - (t - counter_ref.get(k, 0)) * n1) for k, t in totals.items())

    observed_scaled = scaled(Counter(ref.tolist()))
    np.random.seed(0)
    float_stats = []
    exact_hits = 0
    for _ in range(iterations):
        combined = ref.tolist() + cur.tolist()
        new_ref = np.random.choice(combined, len(ref), replace=False).tolist()
        new_cur = list((Counter(combined) - Counter(new_ref)).elements())
        float_stats.append(total_variation(pd.Series(new_ref), pd.Series(new_cur)))
        if observed_scaled <= scaled(Counter(new_ref)):
            exact_hits += 1
    p_float = sum(observed <= abs(np.array(float_stats))) / len(float_stats)
    return observed, float(p_float), exact_hits / iterations


# mmd_stattest.py, restated
def squared_paired_dist(x, y):
    return (y ** 2).T - 2 * np.dot(x, y.T) + x ** 2


def sigma_median(dist):
    sigma = (0.5 * np.percentile(a=dist.flatten(), q=50, method='nearest')) ** 0.5
    return (0.5 * 1) ** 0.5 if sigma == 0 else sigma


def rbf(x, y, pass_sigma):
    dist = squared_paired_dist(x, y)
    sigma = sigma_median(dist)
    if pass_sigma:
        sigma = pass_sigma
    return np.exp(-(1.0 / (2.0 * sigma ** 2)) * dist), sigma


def kernel_matrix(x, y):
    kxx, s = rbf(x, x, None)
    kxy, _ = rbf(x, y, s)
    kyy, _ = rbf(y, y, s)
    return np.concatenate((np.concatenate((kxx, kxy), axis=1), np.concatenate((kxy.T, kyy), axis=1)), axis=0), s


def mmd_2samp(k, m, permute=False):
    n = k.shape[0] - m
    if permute:
        index = np.random.permutation(k.shape[0])
        k = k[index][:, index]
    kxx = k[:-m, :-m]
    kyy = k[-m:, -m:]
    kxy = k[-m:, :-m]
    return 1 / (n * (n - 1)) * kxx.sum() + 1 / (m * (m - 1)) * kyy.sum() - 2.0 * kxy.mean()


def mmd_test(ref, cur):
    """mmd_pval with np.random.seed(0) before the 100 permutations (Evidently leaves them unseeded),
    plus a 2000-permutation p-value from another seed as a statistical reference."""
    x = ref.to_numpy().reshape(-1, 1).astype(float)
    y = cur.to_numpy().reshape(-1, 1).astype(float)
    k, sigma = kernel_matrix(x, y)
    k = k - np.diag(np.diagonal(k))
    m = y.shape[0]
    mmd = mmd_2samp(k, m)
    np.random.seed(0)
    seeded = np.array([mmd_2samp(k, m, permute=True) for _ in range(100)])
    np.random.seed(20240607)
    many = np.array([mmd_2samp(k, m, permute=True) for _ in range(2000)])
    return {
        'mmd': float(mmd),
        'sigma': float(sigma),
        'p_seeded': float((mmd <= seeded).mean()),
        'p_many': float((mmd <= many).mean()),
    }


# ---------------------------------------------------------------------------------------------
# The project's own text test (text_content.ts): JS distance of word-token frequencies
# ---------------------------------------------------------------------------------------------

TOKEN = re.compile(r'[^\W_]+')


def text_token_jsd(ref_texts, cur_texts):
    def tokens(s):
        return TOKEN.findall(unicodedata.normalize('NFC', s).lower())

    rc = Counter(t for s in ref_texts for t in tokens(s))
    cc = Counter(t for s in cur_texts for t in tokens(s))
    vocab = list(rc.keys() | cc.keys())
    p = np.array([rc.get(w, 0) for w in vocab], dtype=float)
    q = np.array([cc.get(w, 0) for w in vocab], dtype=float)
    unseen = sum(c for w, c in cc.items() if w not in rc)
    return float(distance.jensenshannon(p, q)), unseen / sum(cc.values())


# ---------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------

def finite(x):
    x = float(x)
    return x if math.isfinite(x) else None


def plain(values):
    """JSON-ready list: ints stay ints, floats stay exact (repr round-trips)."""
    out = []
    for v in values:
        if isinstance(v, (np.integer,)):
            out.append(int(v))
        elif isinstance(v, (np.floating, float)):
            out.append(float(v))
        else:
            out.append(v.item() if hasattr(v, 'item') else v)
    return out


def numeric_case(name, ref, cur, bins=None, mmd=False):
    ref = pd.Series(ref).dropna().reset_index(drop=True)
    cur = pd.Series(cur).dropna().reset_index(drop=True)
    pooled = pd.concat([ref, cur]).values
    sturges = ref.nunique() > 20
    expected = {
        'wasserstein': finite(wasserstein_norm(ref, cur)),
        'jensenshannon': finite(jensenshannon(ref, cur, NUM, bins)),
        'psi': finite(psi(ref, cur, NUM, bins)),
        'kl_div': finite(kl_div(ref, cur, NUM, bins)),
        'hellinger': finite(hellinger(ref, cur, NUM)),
        'ed': finite(energy(ref, cur)),
    }
    case = {
        'name': name,
        'ref': plain(ref.tolist()),
        'cur': plain(cur.tolist()),
        'branch': ('bins' if bins is not None else 'sturges') if sturges else 'discrete',
        'refStd': float(np.std(ref)),
        'expected': expected,
    }
    if bins is not None:
        case['options'] = {'bins': bins}
    if sturges:
        edges = np.histogram_bin_edges(pooled, bins='sturges' if bins is None else bins)
        case['nBins'] = len(edges) - 1
    if mmd:
        case['mmd'] = mmd_test(ref, cur)
    return case


def categorical_case(name, ref, cur, tvd=True):
    ref = pd.Series(ref).dropna().reset_index(drop=True)
    cur = pd.Series(cur).dropna().reset_index(drop=True)
    expected = {
        'jensenshannon': finite(jensenshannon(ref, cur, CAT)),
        'psi': finite(psi(ref, cur, CAT)),
        'kl_div': finite(kl_div(ref, cur, CAT)),
        'hellinger': finite(hellinger(ref, cur, CAT)),
    }
    case = {'name': name, 'ref': plain(ref.tolist()), 'cur': plain(cur.tolist()), 'expected': expected}
    if tvd:
        observed, p_float, p_exact = tvd_test(ref, cur)
        case['tvd'] = {'observed': float(observed), 'pEvidentlyFloat': p_float, 'pExactTies': p_exact}
    return case


def build():
    rng = np.random.default_rng(20240607)
    r4 = lambda a: np.round(a, 4)  # noqa: E731 - short JSON, values stay exact doubles
    numerical = []
    categorical = []

    # --- synthetic numerical -----------------------------------------------------------------
    numerical.append(numeric_case('normal shift (sturges)', r4(rng.normal(0, 1, 800)), r4(rng.normal(0.3, 1.2, 700))))
    numerical.append(numeric_case('normal same (sturges)', r4(rng.normal(5, 2, 1000)), r4(rng.normal(5, 2, 1000))))
    numerical.append(numeric_case('normal shift bins=10', r4(rng.normal(0, 1, 600)), r4(rng.normal(0.5, 1, 500)), bins=10))
    numerical.append(numeric_case('normal shift bins=3', r4(rng.normal(0, 1, 300)), r4(rng.normal(0.2, 1, 300)), bins=3))
    numerical.append(numeric_case('power-of-two pooled n=1024', r4(rng.uniform(-3, 7, 512)), r4(rng.uniform(-2, 8, 512))))
    numerical.append(numeric_case('pooled n=64 exact range', np.arange(0, 32) * 0.1, np.arange(32, 64) * 0.1))
    numerical.append(numeric_case(
        'current beyond reference range (zero fill 1e-4)',
        r4(rng.normal(0, 1, 400)), r4(np.concatenate([rng.normal(0, 1, 300), rng.normal(6, 0.5, 40)]))))
    numerical.append(numeric_case(
        'small ints <=20 distinct, new value in current',
        rng.poisson(3, 500).clip(0, 9), np.concatenate([rng.poisson(3.5, 450).clip(0, 9), [15] * 7])))
    # min non-zero share <= 1e-4 -> zeros become min/1e6
    big_ref = np.concatenate([rng.integers(0, 5, 11999), [7]])
    big_cur = rng.integers(0, 6, 3000)
    numerical.append(numeric_case('tiny share 1/12000 (zero fill min/1e6)', big_ref, big_cur))
    numerical.append(numeric_case('integers >20 distinct with ties', rng.integers(0, 60, 700), rng.integers(5, 70, 650)))
    numerical.append(numeric_case('constant both sides (std floor)', [5.0] * 50, [5.0] * 40))
    numerical.append(numeric_case('constant reference, moved current', [3.0] * 30, [3.0] * 20 + [4.0] * 10))
    numerical.append(numeric_case('reference std below 0.001', [1.0, 1.0005] * 20, [1.0, 1.001, 1.002] * 10))
    numerical.append(numeric_case('two values', [0, 1] * 40, [0] * 30 + [1] * 50, mmd=True))
    numerical.append(numeric_case('mmd normal shift', r4(rng.normal(0, 1, 200)), r4(rng.normal(0.4, 1, 150)), mmd=True))
    numerical.append(numeric_case('mmd same distribution', r4(rng.normal(0, 1, 300)), r4(rng.normal(0, 1, 300)), mmd=True))
    numerical.append(numeric_case('mmd small shift', r4(rng.normal(0, 1, 150)), r4(rng.normal(0.2, 1, 150)), mmd=True))
    numerical.append(numeric_case('mmd integer ties', rng.integers(0, 5, 120), rng.integers(0, 5, 100), mmd=True))
    numerical.append(numeric_case('mmd median zero (sigma sqrt 0.5)', [1.0] * 30 + [2.0] * 5, [1.0] * 20 + [2.0] * 15, mmd=True))
    numerical.append(numeric_case('mmd minimum sizes', [0.5, 1.5], [1.0, 3.0], mmd=True))
    numerical.append(numeric_case('heavy tail lognormal', r4(rng.lognormal(0, 1.5, 900)), r4(rng.lognormal(0.2, 1.5, 800)), mmd=True))

    # --- real numerical ----------------------------------------------------------------------
    cars = pd.read_json(os.path.join(DATA, 'cars.json'))
    early = cars[cars['Year'].astype(str) < '1976']
    late = cars[cars['Year'].astype(str) >= '1976']
    for col, mmd in (('Horsepower', True), ('Miles_per_Gallon', True), ('Weight_in_lbs', False),
                     ('Acceleration', False), ('Cylinders', False), ('Displacement', False)):
        numerical.append(numeric_case(f'cars {col} by era', early[col], late[col], mmd=mmd))
    numerical.append(numeric_case('cars Horsepower bins=8', early['Horsepower'], late['Horsepower'], bins=8))

    penguins = pd.read_json(os.path.join(DATA, 'penguins.json'))
    biscoe = penguins[penguins['Island'] == 'Biscoe']
    dream = penguins[penguins['Island'] == 'Dream']
    for col in ('Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'):
        numerical.append(numeric_case(f'penguins {col} Biscoe vs Dream', biscoe[col], dream[col], mmd=True))

    weather = pd.read_csv(os.path.join(DATA, 'seattle-weather.csv'))
    y2012 = weather[weather['date'].str.startswith('2012')]
    y2015 = weather[weather['date'].str.startswith('2015')]
    for col in ('precipitation', 'temp_max', 'temp_min', 'wind'):
        numerical.append(numeric_case(f'seattle {col} 2012 vs 2015', y2012[col], y2015[col], mmd=(col != 'temp_min')))
    numerical.append(numeric_case('seattle wind bins=25', y2012['wind'], y2015['wind'], bins=25))

    # --- categorical -------------------------------------------------------------------------
    categorical.append(categorical_case('seattle weather 2012 vs 2015', y2012['weather'], y2015['weather']))
    categorical.append(categorical_case('cars Origin by era', early['Origin'], late['Origin']))
    categorical.append(categorical_case('cars Cylinders numeric labels', early['Cylinders'], late['Cylinders']))
    categorical.append(categorical_case('penguins Species Biscoe vs Dream (absent categories)',
                                        biscoe['Species'], dream['Species']))
    categorical.append(categorical_case('penguins Sex by island', biscoe['Sex'], dream['Sex']))
    categorical.append(categorical_case('binary strings', ['a'] * 60 + ['b'] * 40, ['a'] * 45 + ['b'] * 55))
    categorical.append(categorical_case('constant both sides', ['x'] * 25, ['x'] * 30))
    categorical.append(categorical_case('small sample many ties', ['p', 'q'] * 5, ['p'] * 7 + ['q'] * 3))
    categorical.append(categorical_case('small three-way ties', list('aabbcc'), list('abcccc')))
    categorical.append(categorical_case('numeric labels with new category',
                                        rng.integers(1, 5, 300), np.concatenate([rng.integers(1, 5, 280), [9] * 20])))
    labels = np.array(['red', 'green', 'blue', 'cyan', 'magenta'])
    tiny_ref = np.concatenate([labels[rng.integers(0, 4, 11999)], ['magenta']])
    tiny_cur = labels[rng.integers(0, 4, 2000)]
    categorical.append(categorical_case('tiny share 1/12000 strings (zero fill min/1e6)', tiny_ref, tiny_cur))
    categorical.append(categorical_case('unicode labels', ['café', 'naïve', 'straße'] * 30,
                                        ['café'] * 50 + ['straße'] * 30 + ['日本'] * 10))

    # --- text --------------------------------------------------------------------------------
    movies = pd.read_json(os.path.join(DATA, 'movies.json'))
    year = movies['Release Date'].astype(str).str[-4:]
    titles_old = movies.loc[year < '1995', 'Title'].dropna().astype(str).tolist()
    titles_new = movies.loc[year >= '2005', 'Title'].dropna().astype(str).tolist()
    text = []
    for name, r, c in (
        ('movie titles before 1995 vs from 2005', titles_old, titles_new),
        ('identical texts', ['The cat sat.', 'A dog ran!'], ['A dog ran!', 'The cat sat.']),
        ('unicode and punctuation', ['Café au lait, s\'il vous plaît', 'naïve_user 42 straße'],
         ['CAFÉ crème; 42 Straße', 'naïve résumé', '日本 語 text']),
        ('composed vs decomposed accents', ['caf\u00e9 cr\u00e8me', 'r\u00e9sum\u00e9'],
         ['cafe\u0301 cre\u0300me', 'Re\u0301sume\u0301 new']),
        ('no words in common', ['alpha beta', 'gamma'], ['delta', 'epsilon zeta']),
    ):
        score, unseen = text_token_jsd(r, c)
        text.append({'name': name, 'ref': r, 'cur': c, 'expected': {'score': score, 'unseenShare': unseen}})

    # --- numpy pieces checked directly ------------------------------------------------------
    edges = []
    for n in (1, 2, 3, 7, 8, 16, 100, 128, 1000, 1024, 4096, 5000):
        for lo, hi in ((0.0, 1.0), (-3.3, 7.1), (5.0, 5.0), (0.1, 0.7), (1e-3, 2e-3), (-1e6, 1e6 + 1)):
            a = np.linspace(lo, hi, n) if n > 1 else np.array([lo])
            if n > 1:
                a[-1] = hi
            e = np.histogram_bin_edges(a, bins='sturges')
            edges.append({'n': n, 'min': float(a.min()), 'max': float(a.max()), 'edges': plain(e.tolist())})
    for n in range(2, 400):
        lo, hi = r4(rng.normal(0, 10)), None
        hi = float(lo + r4(abs(rng.normal(0, 10))) + 0.0001)
        a = np.linspace(lo, hi, n)
        a[-1] = hi
        e = np.histogram_bin_edges(a, bins='sturges')
        edges.append({'n': n, 'min': float(a.min()), 'max': float(a.max()), 'edges': plain(e.tolist())})

    np.random.seed(0)
    first_draws = [int(np.random.RandomState(0)._bit_generator.random_raw()) for _ in range(1)]
    rs = np.random.RandomState(0)
    raw = [int(v) for v in rs._bit_generator.random_raw(1300)]
    np.random.seed(0)
    perms = [np.random.permutation(n).tolist() for n in (1, 2, 10, 37, 1000)]
    np.random.seed(0)
    choice = np.random.choice(list(range(100, 150)), 20, replace=False).tolist()
    rng_section = {'seed': 0, 'firstRaw': first_draws[0], 'raw': raw, 'permutations': perms,
                   'choice50take20': choice}

    return {
        'about': 'Generated by scripts/scipy/gen_distance_tests.py; Evidently 0.7 formulas restated with '
                 'numpy/scipy/pandas calls as in its source.',
        'versions': {'numpy': np.__version__, 'scipy': __import__('scipy').__version__, 'pandas': pd.__version__},
        'numerical': numerical,
        'categorical': categorical,
        'text': text,
        'sturgesEdges': edges,
        'numpyRandom': rng_section,
    }


def main():
    data = build()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w', encoding='utf-8') as fh:
        json.dump(data, fh, ensure_ascii=False, allow_nan=False, separators=(',', ':'))
    print(f'wrote {OUT} ({os.path.getsize(OUT)} bytes)')


if __name__ == '__main__':
    main()
