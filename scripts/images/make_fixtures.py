#!/usr/bin/python3
"""Makes the image fixtures of test/fixtures/images/set from real photographs (skimage.data).

Run once; the files are committed. Debian: python3-pil python3-numpy python3-skimage.
Each file is small (a few KB) and exercises one case: sizes (odd, 1 pixel wide), EXIF
orientations, grey, alpha, palette, every format the reader claims.
"""
import io
import os
import sys

import numpy as np
from PIL import Image
from skimage import data

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'images', 'set')


def crop(a, y, x, h, w):
    return np.ascontiguousarray(a[y:y + h, x:x + w])


def save(img, name, **kw):
    path = os.path.join(OUT, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img.save(path, **kw)


def exif_orientation(o):
    exif = Image.Exif()
    exif[0x0112] = o
    return exif


def main():
    astronaut = data.astronaut()  # 512 x 512 RGB
    coffee = data.coffee()  # 400 x 600 RGB
    chelsea = data.chelsea()  # 300 x 451 RGB
    camera = data.camera()  # 512 x 512 grey
    rocket = data.rocket()  # 427 x 640 RGB

    a = Image.fromarray(astronaut).resize((56, 56), Image.LANCZOS)
    save(a, 'png/astronaut.png', optimize=True)
    save(Image.fromarray(crop(coffee, 100, 200, 53, 37)), 'png/coffee-odd.png')
    save(Image.fromarray(crop(chelsea, 100, 100, 20, 1)), 'png/one-wide.png')
    save(Image.fromarray(camera).resize((80, 60), Image.LANCZOS), 'png/camera-grey.png')
    rgba = np.dstack([crop(chelsea, 50, 150, 48, 64), np.tile(np.linspace(0, 255, 64, dtype=np.uint8), (48, 1))])
    save(Image.fromarray(rgba, 'RGBA'), 'png/chelsea-alpha.png')
    save(Image.fromarray(crop(rocket, 200, 200, 40, 72)).quantize(16), 'png/rocket-palette.png')
    la = np.dstack([crop(camera, 200, 200, 30, 30), np.full((30, 30), 200, np.uint8)])
    save(Image.fromarray(la, 'LA'), 'png/camera-la.png')
    # A grey-looking RGB image (R = G = B everywhere) and a flat black one (saturation 0/0).
    g = crop(camera, 100, 100, 24, 24)
    save(Image.fromarray(np.dstack([g, g, g])), 'png/grey-as-rgb.png')
    save(Image.fromarray(np.zeros((8, 8, 3), np.uint8)), 'png/black.png')

    r = Image.fromarray(rocket).resize((128, 85), Image.LANCZOS)
    save(r, 'jpeg/rocket.jpg', quality=85)
    c = Image.fromarray(crop(coffee, 50, 100, 90, 120))
    save(c, 'jpeg/coffee-q60.jpg', quality=60)
    save(c, 'jpeg/coffee-444.jpg', quality=90, subsampling=0)
    save(Image.fromarray(camera).resize((70, 50), Image.LANCZOS), 'jpeg/camera-grey.jpg', quality=80)
    for o in (3, 6, 8):
        save(Image.fromarray(crop(chelsea, 80, 120, 45, 75)), f'jpeg/chelsea-orient{o}.jpg', quality=80, exif=exif_orientation(o))
    save(Image.fromarray(crop(astronaut, 40, 180, 37, 61)), 'jpeg/astronaut-odd.jpeg', quality=75)

    save(Image.fromarray(crop(coffee, 150, 300, 40, 50)), 'other/coffee.webp', lossless=True)
    save(Image.fromarray(crop(rocket, 150, 300, 33, 44)), 'other/rocket.tif')
    frames = [Image.fromarray(crop(chelsea, 60 + 5 * k, 60, 32, 40)).convert('P', palette=Image.ADAPTIVE) for k in range(3)]
    frames[0].save(os.path.join(OUT, 'other/chelsea.gif'), save_all=True, append_images=frames[1:], duration=100)

    # Broken files: listed with their reason, skipped.
    buf = io.BytesIO()
    Image.fromarray(crop(coffee, 0, 0, 64, 64)).save(buf, 'JPEG', quality=90)
    b = buf.getvalue()
    with open(os.path.join(OUT, 'broken', 'truncated.jpg'), 'wb') as f:
        f.write(b[: len(b) // 2])
    with open(os.path.join(OUT, 'broken', 'not-an-image.png'), 'wb') as f:
        f.write(b'this is text, not a PNG\n')


if __name__ == '__main__':
    os.makedirs(os.path.join(OUT, 'broken'), exist_ok=True)
    main()
    sys.exit(0)
