#!/usr/bin/python3
"""Image sets for bench/images.js: two folders of photo-sized images made from the real
photographs in skimage.data, reproducibly (numpy seed). Not committed (a few hundred MB).

reference/: the "old phone": 4:3 frames, 800x600 to 1024x768, JPEG (90% of files) and PNG.
current/:   the "new phone": 16:9 frames, 960x540 to 1280x720, a brighter exposure (gamma 0.8),
            otherwise the same sources and mix. Properties that should drift: aspect_ratio, width,
            height, brightness, megapixels; the others barely.

usage: make_bench.py OUT_DIR [COUNT_PER_SIDE=1500] [SEED=12]
"""
import os
import sys

import numpy as np
from PIL import Image
from skimage import data

SOURCES = ['astronaut', 'coffee', 'chelsea', 'rocket', 'hubble_deep_field', 'immunohistochemistry', 'retina', 'colorwheel', 'cat', 'camera', 'coins', 'moon']


def load():
    out = []
    for name in SOURCES:
        a = getattr(data, name)()
        if a.ndim == 2:
            a = np.dstack([a, a, a])
        out.append(Image.fromarray(a[..., :3]))
    return out


def frame(rng, src, aspect, width):
    w0, h0 = src.size
    # A random crop of the source with the target aspect, then scaled to the target size.
    cw = int(rng.uniform(0.55, 1.0) * min(w0, h0 * aspect))
    ch = int(cw / aspect)
    x = int(rng.integers(0, w0 - cw + 1))
    y = int(rng.integers(0, h0 - ch + 1))
    img = src.crop((x, y, x + cw, y + ch)).resize((width, int(round(width / aspect))), Image.BICUBIC)
    if rng.random() < 0.5:
        img = img.transpose(Image.FLIP_LEFT_RIGHT)
    return img


def side(rng, sources, out, count, aspect, widths, gamma):
    os.makedirs(out, exist_ok=True)
    lut = [min(255, int(round(255 * (v / 255) ** gamma))) for v in range(256)] * 3
    for k in range(count):
        src = sources[int(rng.integers(len(sources)))]
        img = frame(rng, src, aspect, int(rng.integers(widths[0], widths[1] + 1)))
        if gamma != 1.0:
            img = img.point(lut)
        sub = os.path.join(out, f'{k // 500:02d}')
        os.makedirs(sub, exist_ok=True)
        if rng.random() < 0.1:
            img.save(os.path.join(sub, f'img{k:05d}.png'), compress_level=6)
        else:
            img.save(os.path.join(sub, f'img{k:05d}.jpg'), quality=int(rng.integers(82, 95)))


def main():
    out = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 12
    rng = np.random.default_rng(seed)
    sources = load()
    side(rng, sources, os.path.join(out, 'reference'), count, 4 / 3, (800, 1024), 1.0)
    side(rng, sources, os.path.join(out, 'current'), count, 16 / 9, (960, 1280), 0.8)


if __name__ == '__main__':
    main()
