#!/usr/bin/python3
"""The independent reference for image times (issue 12): PIL's EXIF reader.

Writes test/fixtures/images/timed-expected.json: for every image of test/fixtures/images/timed,
the EXIF DateTimeOriginal (Exif IFD, tag 0x9003) and DateTime (IFD0, tag 0x0132) as PIL reads
them, and the time README.md's rule gives: DateTimeOriginal when it is a date, else DateTime,
else none (the file's modification time, which the test sets). test/unit/images-time.test.ts
compares drift-inspect's values. Debian: python3-pil.
"""
import datetime
import json
import os

from PIL import Image

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'images', 'timed')
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'images', 'timed-expected.json')
EXTENSIONS = ('.jpg', '.jpeg', '.png', '.webp')


def as_iso(text):
    """An EXIF date as ISO-8601 wall-clock text, or None when it is not a real date."""
    try:
        return datetime.datetime.strptime(text, '%Y:%m:%d %H:%M:%S').isoformat()
    except (TypeError, ValueError):
        return None


def times(path):
    with Image.open(path) as im:
        exif = im.getexif()
        original = exif.get_ifd(0x8769).get(0x9003)
        date_time = exif.get(0x0132)
    for text, source in ((original, 'exif-original'), (date_time, 'exif-datetime')):
        iso = as_iso(text)
        if iso is not None:
            return {'original': original, 'dateTime': date_time, 'time': iso, 'source': source}
    return {'original': original, 'dateTime': date_time, 'time': None, 'source': 'modified'}


def main():
    result = {}
    for dirpath, _, filenames in os.walk(ROOT):
        for name in filenames:
            if name.lower().endswith(EXTENSIONS):
                path = os.path.join(dirpath, name)
                result[os.path.relpath(path, ROOT).replace(os.sep, '/')] = times(path)
    with open(OUT, 'w') as f:
        json.dump({'generator': 'scripts/images/generate_times.py', 'pil': Image.__version__, 'images': dict(sorted(result.items()))}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
