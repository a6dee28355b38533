#!/usr/bin/python3
"""Makes test/fixtures/images/timed: two small image sets for the image-set timeline (issue 12).

Run once; the files are committed. Debian: python3-pil python3-numpy python3-skimage.
ref/: 12 JPEGs (4:3) taken in January 2024 (EXIF DateTimeOriginal).
cur/: three days of March 2024, 12 images each (enough that a day's own column types are the
whole data's, so each day's chunk equals `compare ref cur/dayN` column by column):
  day1/ 2024-03-01, like the reference, DateTimeOriginal (one PNG with an eXIf chunk, one WebP);
  day2/ 2024-03-02, four JPEGs with only IFD0 DateTime (one little-endian), one whose
        DateTimeOriginal is 0000:00:00 00:00:00 (not a date: DateTime is used), four with
        DateTimeOriginal and three PNGs with no EXIF (their time is the file's; the test sets it
        with fs.utimes, git keeps none);
  day3/ 2024-03-03, the "new phone": 16:9 and a brighter exposure, DateTimeOriginal.
The dates are checked by scripts/images/generate_times.py with PIL's own EXIF reader.
"""
import os

import numpy as np
from PIL import Image
from skimage import data

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'test', 'fixtures', 'images', 'timed')
EXIF_IFD = 0x8769
DATETIME = 0x0132
DATETIME_ORIGINAL = 0x9003


def exif(original=None, datetime=None, little=False):
    e = Image.Exif()
    if little:
        e.endian = '<'
    if datetime is not None:
        e[DATETIME] = datetime
    if original is not None:
        e[EXIF_IFD] = {DATETIME_ORIGINAL: original}
    return e


def picture(source, k, size, gain=1.0):
    """A crop of a real photograph, resized to `size`, its exposure scaled by `gain`."""
    h, w = source.shape[:2]
    y = (k * 37) % (h - 120)
    x = (k * 53) % (w - 160)
    crop = source[y:y + 120, x:x + 160].astype(np.float64) * gain
    return Image.fromarray(np.clip(crop, 0, 255).astype(np.uint8)).resize(size, Image.LANCZOS)


def save(img, rel, **kw):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    img.save(path, **kw)


def main():
    photos = [data.astronaut(), data.coffee(), data.chelsea(), data.rocket()]
    old, new = (32, 24), (48, 27)
    for k in range(12):
        save(picture(photos[k % 4], k, old), f'ref/r{k:02d}.jpg', quality=85,
             exif=exif(original=f'2024:01:{k + 2:02d} {8 + k:02d}:15:00'))
    for k in range(12):
        img = picture(photos[(k + 1) % 4], 20 + k, old)
        stamp = f'2024:03:01 {8 + k:02d}:30:00'
        if k == 3:
            save(img, f'cur/day1/c{k:02d}.png', exif=exif(original=stamp))
        elif k == 4:
            save(img, f'cur/day1/c{k:02d}.webp', lossless=True, exif=exif(original=stamp))
        else:
            save(img, f'cur/day1/c{k:02d}.jpg', quality=85, exif=exif(original=stamp))
    for k in range(12):
        img = picture(photos[(k + 2) % 4], 40 + k, old)
        stamp = f'2024:03:02 {8 + k:02d}:00:00'
        if k < 4:
            save(img, f'cur/day2/c{k:02d}.jpg', quality=85, exif=exif(datetime=stamp, little=k == 1))
        elif k == 4:
            save(img, f'cur/day2/c{k:02d}.jpg', quality=85, exif=exif(original='0000:00:00 00:00:00', datetime=stamp))
        elif k < 9:
            save(img, f'cur/day2/c{k:02d}.jpg', quality=85, exif=exif(original=stamp))
        else:
            save(img, f'cur/day2/c{k:02d}-no-exif.png')
    for k in range(12):
        save(picture(photos[k % 4], 60 + k, new, gain=1.6), f'cur/day3/c{k:02d}.jpg', quality=85,
             exif=exif(original=f'2024:03:03 {8 + k:02d}:45:00'))

if __name__ == '__main__':
    main()
