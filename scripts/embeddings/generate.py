#!/usr/bin/python3
"""Reference scores for embedding drift (issue 12): Evidently's distance, ratio and mmd methods
(src/evidently/legacy/metrics/data_drift/embedding_drift_methods.py) computed with numpy, scipy
and scikit-learn as Evidently computes them, on seeded data written next to the scores.

Writes test/fixtures/embeddings/cases.json; test/unit/embeddings.test.ts compares.
Debian: python3-numpy python3-scipy python3-sklearn python3-pandas.
"""
import json
import os

import numpy as np
import pandas as pd
from scipy.spatial import distance as sd
from scipy.stats import wasserstein_distance
from sklearn.decomposition import PCA
from sklearn.metrics import pairwise_distances, pairwise_kernels

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'embeddings', 'cases.json')
DIST = {'euclidean': sd.euclidean, 'cosine': sd.cosine, 'cityblock': sd.cityblock, 'chebyshev': sd.chebyshev}
N_BOOTSTRAP = 100


def pca(ref, cur, k):
    p = PCA(n_components=k, random_state=0)
    return pd.DataFrame(p.fit_transform(ref)), pd.DataFrame(p.transform(cur))


def distance(ref, cur, dist='euclidean', threshold=0.2, bootstrap=False, q=0.95, pca_components=None):
    if pca_components:
        ref, cur = pca(ref, cur, pca_components)
    score = DIST[dist](ref.mean(axis=0), cur.mean(axis=0))
    if not bootstrap:
        return score, bool(score > threshold), threshold
    m, n = ref.shape[0], cur.shape[0]
    a_size = int(m ** 2 / (m + n))
    b_size = int(n * m / (m + n))
    res = []
    for i in range(N_BOOTSTRAP):
        np.random.seed(i)
        a = np.random.choice(m, a_size)
        b = np.random.choice(m, b_size)
        res.append(DIST[dist](ref.iloc[a, :].mean(axis=0), ref.iloc[b, :].mean(axis=0)))
    perc = np.percentile(res, 100 * q)
    return score, bool(score > perc), perc


def ratio(ref, cur, component_threshold=0.1, threshold=0.2, pca_components=None):
    if pca_components:
        ref, cur = pca(ref, cur, pca_components)
    drifted = 0
    for i in range(ref.shape[1]):
        r, c = ref.iloc[:, i].to_numpy(), cur.iloc[:, i].to_numpy()
        # Evidently's wasserstein: normed by the reference's population std, floored at 0.001; drift when >= threshold.
        score = wasserstein_distance(r, c) / max(np.std(r), 0.001)
        if score >= component_threshold:
            drifted += 1
    share = drifted / ref.shape[1]
    return share, bool(share > threshold), threshold


def mmd2u(K, m, n):
    Kx, Ky, Kxy = K[:m, :m], K[m:, m:], K[:m, m:]
    return 1.0 / (m * (m - 1.0)) * (Kx.sum() - Kx.diagonal().sum()) + 1.0 / (n * (n - 1.0)) * (Ky.sum() - Ky.diagonal().sum()) - 2.0 / (m * n) * Kxy.sum()


def mmd(ref, cur, threshold=0.015, bootstrap=False, q=0.05, pca_components=None):
    if pca_components:
        ref, cur = pca(ref, cur, pca_components)
    m, n = len(ref), len(cur)
    pd_ = pairwise_distances(ref.sample(min(m, 1000), random_state=0), cur.sample(min(n, 1000), random_state=0), metric='euclidean')
    sigma2 = np.median(pd_) ** 2
    K = pairwise_kernels(np.vstack([ref, cur]), metric='rbf', gamma=1.0 / sigma2)
    stat = mmd2u(K, m, n)
    if not bootstrap:
        return max(stat, 0), bool(stat > threshold), threshold
    pdx = pairwise_distances(ref.sample(min(m, 1000), random_state=0), metric='euclidean')
    gx = 1.0 / np.median(pdx) ** 2
    Kx = pairwise_kernels(ref, metric='rbf', gamma=gx)
    xs = max(int(m * m / (m + n)), 1)
    ys = max(int(m * n / (m + n)), 1)
    res = []
    for i in range(N_BOOTSTRAP):
        np.random.seed(i)
        a = np.random.choice(m, xs)
        b = np.random.choice(m, ys)
        kx, ky, kxy = Kx[np.ix_(a, a)], Kx[np.ix_(b, b)], Kx[np.ix_(a, b)]
        res.append(1.0 / (xs * (xs - 1.0)) * (kx.sum() - kx.diagonal().sum()) + 1.0 / (ys * (ys - 1.0)) * (ky.sum() - ky.diagonal().sum()) - 2.0 / (xs * ys) * kxy.sum())
    perc = np.percentile(res, 100 * q)
    return max(stat, 0), bool(stat > perc), perc


def data(seed, m, n, d, shift):
    rng = np.random.default_rng(seed)
    mix = rng.normal(size=(d, d)) / np.sqrt(d)
    scale = np.linspace(2.0, 0.3, d)
    ref = (rng.normal(size=(m, d)) * scale) @ mix
    cur = (rng.normal(size=(n, d)) * scale + shift * rng.normal(size=d)) @ mix
    # Rounded so the JSON holds the exact inputs.
    return pd.DataFrame(np.round(ref, 6)), pd.DataFrame(np.round(cur, 6))


METHODS = [
    ('distance', {}),
    ('distance', {'dist': 'cosine'}),
    ('distance', {'dist': 'cityblock'}),
    ('distance', {'dist': 'chebyshev'}),
    ('distance', {'bootstrap': True}),
    ('distance', {'dist': 'cityblock', 'pca_components': 3}),
    ('ratio', {}),
    ('ratio', {'pca_components': 4}),
    ('ratio', {'component_stattest_threshold': 0.05}),
    ('mmd', {}),
    ('mmd', {'bootstrap': True}),
    ('mmd', {'pca_components': 3}),
]

CALL = {
    'distance': lambda r, c, o: distance(r, c, o.get('dist', 'euclidean'), o.get('threshold', 0.2), o.get('bootstrap', False), o.get('quantile_probability', 0.95), o.get('pca_components')),
    'ratio': lambda r, c, o: ratio(r, c, o.get('component_stattest_threshold', 0.1), o.get('threshold', 0.2), o.get('pca_components')),
    'mmd': lambda r, c, o: mmd(r, c, o.get('threshold', 0.015), o.get('bootstrap', False), o.get('quantile_probability', 0.05), o.get('pca_components')),
}


def main():
    cases = []
    for name, (seed, m, n, d, shift) in {
        'small shift, 16 dims': (1, 300, 250, 16, 0.15),
        'no shift, 16 dims': (2, 200, 180, 16, 0.0),
        'over 1000 rows (sampled bandwidth), 6 dims': (3, 1100, 1050, 6, 0.1),
    }.items():
        ref, cur = data(seed, m, n, d, shift)
        results = []
        for method, opts in METHODS:
            if name.startswith('over') and (method != 'mmd' or opts.get('bootstrap')):
                continue  # keeps the fixture small; the 1000-row sample is what this case is for
            score, drifted, threshold = CALL[method](ref.copy(), cur.copy(), opts)
            results.append({'method': method, 'options': opts, 'score': float(score), 'drifted': drifted, 'threshold': float(threshold)})
        cases.append({'name': name, 'reference': ref.values.tolist(), 'current': cur.values.tolist(), 'results': results})
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/embeddings/generate.py', 'numpy': np.__version__, 'cases': cases}, f)
        f.write('\n')


if __name__ == '__main__':
    main()
