#!/usr/bin/python3
"""The independent reference for image properties (issue 12): Python + PIL + numpy.

Writes test/fixtures/images/expected.json: for every file of test/fixtures/images/set, the
properties as README.md defines them, computed here with PIL's decoders and numpy, or the fact
that PIL cannot read it. test/unit/images-properties.test.ts compares drift-inspect's values.

Also used as the peer of the image bench (bench/images.js runs `generate.py --bench DIR`).
"""
import json
import os
import sys
import time

import numpy as np
from PIL import Image, ImageOps

HERE = os.path.dirname(os.path.abspath(__file__))
SET = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'images', 'set')
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'images', 'expected.json')
EXTENSIONS = ('.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif')


def properties(path, embedding=False):
    file_bytes = os.path.getsize(path)
    with Image.open(path) as im:
        im.load()
        fmt = im.format.lower()
        has_alpha = im.mode in ('RGBA', 'LA', 'PA', 'RGBa', 'La') or 'transparency' in im.info
        im = ImageOps.exif_transpose(im)
        rgb = np.asarray(im.convert('RGB'))
    h, w = rgb.shape[:2]
    f = rgb.astype(np.float64)
    r, g, b = f[..., 0], f[..., 1], f[..., 2]
    y = 0.299 * r + 0.587 * g + 0.114 * b
    if w > 1 and h > 1:
        dx = y[:-1, 1:] - y[:-1, :-1]
        dy = y[1:, :-1] - y[:-1, :-1]
        sharpness = float(np.sqrt(dx * dx + dy * dy).mean())
    else:
        sharpness = 0.0
    mx = f.max(axis=2)
    mn = f.min(axis=2)
    sat = np.divide(mx - mn, mx, out=np.zeros_like(mx), where=mx > 0)
    out = {
        'width': int(w),
        'height': int(h),
        'aspect_ratio': w / h,
        'megapixels': w * h / 1e6,
        'file_bytes': int(file_bytes),
        'format': fmt,
        'has_alpha': bool(has_alpha),
        'grayscale': bool(((rgb[..., 0] == rgb[..., 1]) & (rgb[..., 1] == rgb[..., 2])).all()),
        'brightness': float(y.mean()),
        'contrast': float(y.std()),
        'sharpness': sharpness,
        'mean_r': float(r.mean() / 255),
        'mean_g': float(g.mean() / 255),
        'mean_b': float(b.mean() / 255),
        'saturation': float(sat.mean()),
    }
    if embedding:
        out['embedding'] = no_model_embedding(y, rgb)
    return out


def cells(size):
    """Cell (0..7) of each pixel along a side: min(7, floor(k * 8 / size))."""
    return np.minimum(7, (np.arange(size) * 8) // size)


def no_model_embedding(y, rgb):
    """8 x 8 cell means of Y / 255 (empty cells of sides under 8 take the cell of pixel floor(i size / 8)), then 3 x 8-bin histograms."""
    h, w = y.shape
    ci, cj = cells(h), cells(w)
    sums = np.zeros((8, 8))
    np.add.at(sums, (ci[:, None], cj[None, :]), y)
    rows = np.bincount(ci, minlength=8)
    cols = np.bincount(cj, minlength=8)
    emb = []
    for i in range(8):
        ii = i if rows[i] > 0 else min(7, (((i * h) // 8) * 8) // h)
        for j in range(8):
            jj = j if cols[j] > 0 else min(7, (((j * w) // 8) * 8) // w)
            emb.append(float(sums[ii, jj] / (rows[ii] * cols[jj]) / 255))
    n = h * w
    for c in range(3):
        counts = np.bincount((rgb[..., c] >> 5).ravel(), minlength=8)
        emb.extend(float(x) / n for x in counts)
    return emb


def listing(root):
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith('.')]
        for name in filenames:
            if name.lower().endswith(EXTENSIONS):
                files.append(os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, '/'))
    return sorted(files)


def fixtures():
    result = {}
    for rel in listing(SET):
        try:
            result[rel] = properties(os.path.join(SET, rel), embedding=True)
        except Exception as e:  # PIL refuses it: the reader must skip it too
            result[rel] = {'error': type(e).__name__}
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/images/generate.py', 'pil': Image.__version__, 'numpy': np.__version__, 'images': result}, f, indent=1)
        f.write('\n')


def bench(root, dump=None):
    """The peer of bench/images.js: every property of every image, one process (one core)."""
    files = listing(root)
    results = {}
    t = time.perf_counter()
    cpu = time.process_time()
    for rel in files:
        results[rel] = properties(os.path.join(root, rel))
    elapsed = time.perf_counter() - t
    cpu = time.process_time() - cpu
    if dump:
        with open(dump, 'w') as f:
            json.dump(results, f)
    print(json.dumps({'images': len(files), 'seconds': elapsed, 'cpuSeconds': cpu}))


if __name__ == '__main__':
    if len(sys.argv) in (3, 4) and sys.argv[1] == '--bench':
        bench(sys.argv[2], sys.argv[3] if len(sys.argv) == 4 else None)
    else:
        fixtures()
