#!/usr/bin/python3
"""Reference projection for the embedding scatter chart (issue 12): both sides on the
reference's first two principal components, with numpy's SVD.

The chart (src/webview/embeddings.ts) plots `projection` from src/core/stats/embeddings/extract.ts:
each row minus the reference mean, times the reference's first two principal axes, the sign of
each axis chosen so its largest absolute entry is positive (scikit-learn's svd_flip on V), at
most 400 rows per side (row floor(k * rows / 400) for k = 0, 1, ...). Written here independently,
with numpy's SVD instead of our Jacobi eigen solver.

Writes test/fixtures/embeddings/projection.json; test/browser/embeddings.test.ts compares the
plotted points. Debian: python3-numpy.
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'embeddings', 'projection.json')
POINTS = 400


def data(seed, m, n, d):
    """Correlated Gaussian rows (distinct variances, so the axes are well defined); current shifted and stretched."""
    rng = np.random.RandomState(seed)
    mix = rng.normal(size=(d, d))
    scale = np.linspace(3.0, 0.5, d)
    ref = (rng.normal(size=(m, d)) * scale) @ mix
    cur = (rng.normal(size=(n, d)) * scale * 1.3 + 1.5) @ mix
    return np.round(ref, 6), np.round(cur, 6)


def thinned(rows):
    step = max(1.0, rows / POINTS)
    out = []
    k = 0
    while k < rows and len(out) < POINTS:
        r = int(np.floor(k * step))
        if r >= rows:
            break
        out.append(r)
        k += 1
    return out


def main():
    ref, cur = data(5, 150, 900, 5)
    mean = ref.mean(axis=0)
    _, _, vt = np.linalg.svd(ref - mean, full_matrices=False)
    axes = vt[:2]
    for i in range(2):
        if axes[i][np.argmax(np.abs(axes[i]))] < 0:
            axes[i] = -axes[i]
    project = lambda x: ((x - mean) @ axes.T)
    out = {
        'generator': 'scripts/embeddings/generate_projection.py',
        'numpy': np.__version__,
        'reference': ref.tolist(),
        'current': cur.tolist(),
        'projection': {
            'reference': project(ref)[thinned(len(ref))].tolist(),
            'current': project(cur)[thinned(len(cur))].tolist(),
        },
    }
    with open(OUT, 'w') as f:
        json.dump(out, f)
        f.write('\n')


if __name__ == '__main__':
    main()
