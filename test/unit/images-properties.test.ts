import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { measureImage } from '../../src/core/images/decode';
import { globMatcher, listImageSet } from '../../src/core/images/files';
import { pixelProperties } from '../../src/core/images/pixels';
import { PROPERTY_COLUMNS, readImageSet } from '../../src/core/images/read';
import type { DictionaryColumn, NumericColumn } from '../../src/core/read/dataset';
import { readDatasetFile } from '../../src/core/read/index';

const ROOT = path.join(__dirname, '..', '..', '..');
const SET = path.join(ROOT, 'test/fixtures/images/set');
const CLI = path.join(ROOT, 'dist', 'cli.js');

type Expected = Record<string, number | string | boolean | number[]> & { error?: string; embedding?: number[] };
/** Written by scripts/images/generate.py (PIL + numpy) from the same files. */
const EXPECTED = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/images/expected.json'), 'utf8')) as { images: Record<string, Expected> }).images;

/**
 * Relative tolerance against PIL + numpy. PNG, GIF, TIFF and lossless WebP decode to the same
 * pixels in both, so only summation order differs (about 1e-13). JPEG: libvips' decoder (mozjpeg
 * in sharp's binaries) and PIL's (Debian's libjpeg-turbo) give the same pixels on every fixture
 * and on the 3,000 bench images (bench/images.js measures it), so the same bound holds; were they
 * to differ by one level somewhere, brightness would move by at most 1 / pixels.
 */
const RELATIVE = 1e-9;

function close(actual: number, expected: number, what: string): void {
  const scale = Math.max(Math.abs(expected), 1e-12);
  assert.ok(Math.abs(actual - expected) / scale <= RELATIVE || Math.abs(actual - expected) <= 1e-15, `${what}: ${actual} vs ${expected}`);
}

describe('image properties against PIL + numpy (scripts/images/generate.py)', () => {
  for (const [rel, expected] of Object.entries(EXPECTED)) {
    it(rel, async () => {
      if (expected.error !== undefined) {
        await assert.rejects(measureImage(path.join(SET, rel)), /truncated|not an image|cannot be decoded/);
        return;
      }
      const m = await measureImage(path.join(SET, rel), { embedding: true });
      for (const key of PROPERTY_COLUMNS) {
        const a = m.properties[key];
        const e = expected[key];
        if (typeof a === 'number' && typeof e === 'number' && !['width', 'height', 'file_bytes'].includes(key)) close(a, e, key);
        else assert.equal(a, e, key);
      }
      const emb = expected.embedding!;
      assert.equal(m.embedding!.length, emb.length);
      emb.forEach((v, k) => close(m.embedding![k], v, `embedding[${k}]`));
    });
  }

  it('covers every case the fixtures are for', () => {
    const ok = Object.values(EXPECTED).filter((e) => e.error === undefined);
    for (const f of ['jpeg', 'png', 'webp', 'gif', 'tiff']) assert.ok(ok.some((e) => e.format === f), f);
    assert.ok(ok.some((e) => e.has_alpha === true) && ok.some((e) => e.grayscale === true));
    assert.ok(ok.some((e) => e.width === 1), 'one pixel wide');
  });
});

describe('pixel properties (pixels.ts)', () => {
  it('follows the formulas on a hand-checked 2 x 2 image', () => {
    // Pixels (row-major): red, green / blue, white.
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255]);
    const p = pixelProperties(rgb, 2, 2);
    const y = [0.299 * 255, 0.587 * 255, 0.114 * 255, 255];
    const mean = (y[0] + y[1] + y[2] + y[3]) / 4;
    close(p.brightness, mean, 'brightness');
    close(p.contrast, Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / 4), 'contrast');
    // One gradient, at (0, 0): dx = Y(1,0) - Y(0,0), dy = Y(0,1) - Y(0,0).
    close(p.sharpness, Math.hypot(y[1] - y[0], y[2] - y[0]), 'sharpness');
    close(p.saturation, 0.75, 'saturation');
    close(p.mean_r, 0.5, 'mean_r');
    assert.equal(p.grayscale, false);
  });

  it('is 0 for sharpness on a one-pixel row and for saturation on black', () => {
    const p = pixelProperties(new Uint8Array(9), 3, 1);
    assert.equal(p.sharpness, 0);
    assert.equal(p.saturation, 0);
    assert.equal(p.contrast, 0);
    assert.equal(p.grayscale, true);
  });

  it('keeps contrast exact on a nearly constant large image (no cancellation)', () => {
    const w = 1000;
    const rgb = new Uint8Array(w * w * 3).fill(200);
    rgb[0] = 201; // one pixel differs by one level of red
    const p = pixelProperties(rgb, w, w);
    const n = w * w;
    const d = 0.299; // its luma is 0.299 higher
    const exact = Math.sqrt((d * d * (n - 1)) / (n * n));
    close(p.contrast, exact, 'contrast');
  });
});

describe('image sets (files.ts, read.ts)', () => {
  it('lists a folder recursively, sorted, skipping dot folders', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imgset-'));
    fs.mkdirSync(path.join(dir, 'b'));
    fs.mkdirSync(path.join(dir, '.cache'));
    for (const f of ['b/x.PNG', 'a.jpg', '.cache/t.jpg', 'notes.txt']) fs.writeFileSync(path.join(dir, f), '');
    const l = await listImageSet(dir);
    assert.deepEqual(l.files, ['a.jpg', 'b/x.PNG']);
  });

  it('matches globs as the shells do', () => {
    const m = globMatcher('**/*.{jpg,png}');
    assert.ok(m('a.jpg') && m('x/y/b.png') && !m('a.gif'));
    assert.ok(globMatcher('cam[12]/*.jpg')('cam1/a.jpg') && !globMatcher('cam[12]/*.jpg')('cam3/a.jpg'));
    assert.ok(!globMatcher('*.jpg')('x/a.jpg'));
  });

  it('reads a folder as a dataset: property columns, broken images skipped with their reason', async () => {
    const d = await readImageSet(SET, { embedding: true });
    const ok = Object.entries(EXPECTED).filter(([, e]) => e.error === undefined);
    assert.equal(d.rows, ok.length);
    assert.equal(d.format, 'images');
    assert.deepEqual(d.columns.map((c) => c.name), [...PROPERTY_COLUMNS]);
    assert.deepEqual(d.images!.skipped.map((s) => s.file), ['broken/not-an-image.png', 'broken/truncated.jpg']);
    assert.ok(d.warnings.some((w) => w.startsWith('broken/truncated.jpg: skipped, truncated')));
    const brightness = d.columns.find((c) => c.name === 'brightness') as NumericColumn;
    d.images!.files.forEach((f, r) => close(brightness.values[r], EXPECTED[f].brightness as number, f));
    const format = d.columns.find((c) => c.name === 'format') as DictionaryColumn;
    assert.equal(format.dictionary[format.codes[d.images!.files.indexOf('other/coffee.webp')]], 'webp');
    assert.equal(d.embeddings![0].values.length, d.rows * 88);
  });

  it('is what readDatasetFile returns for a folder or a glob', async () => {
    const d = await readDatasetFile(path.join(SET, 'jpeg'));
    assert.equal(d.rows, 8);
    const g = await readDatasetFile(path.join(SET, '**/*.png'));
    assert.equal(g.rows, 9); // not-an-image.png skipped
  });

  it('says so when a folder holds no images, or no such folder', async () => {
    await assert.rejects(readDatasetFile(path.join(ROOT, 'src/cli')), /no image files here/);
    await assert.rejects(readDatasetFile(path.join(SET, 'nowhere/*.jpg')), /no such folder/);
    await assert.rejects(readDatasetFile(path.join(SET, 'broken')), /none of its 2 images can be read/);
  });
});

describe('drift-inspect image-features and compare on folders', () => {
  it('writes one row per image with the properties, skipped ones on stderr', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'imgfeat-')), 'f.csv');
    const r = spawnSync(process.execPath, [CLI, 'image-features', SET, '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /broken\/truncated\.jpg: skipped, truncated/);
    const [header, ...rows] = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(header, ['path', ...PROPERTY_COLUMNS].join(','));
    for (const row of rows) {
      const cells = row.split(',');
      const e = EXPECTED[cells[0]];
      PROPERTY_COLUMNS.forEach((c, k) => {
        const v = cells[k + 1];
        if (typeof e[c] === 'number') close(Number(v), e[c] as number, `${cells[0]} ${c}`);
        else assert.equal(v, typeof e[c] === 'boolean' ? (e[c] ? 'True' : 'False') : e[c]);
      });
    }
    assert.equal(rows.length, Object.values(EXPECTED).filter((e) => e.error === undefined).length);
  });

  it('compares two folders', () => {
    const r = spawnSync(process.execPath, [CLI, 'compare', path.join(SET, 'png'), path.join(SET, 'jpeg'), '--format', 'json'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { reference: { format: string; rows: number }; columns: { name: string; drifted: boolean | null }[] };
    assert.equal(report.reference.format, 'images');
    assert.equal(report.reference.rows, 9);
    assert.ok(report.columns.some((c) => c.name === 'sharpness' && c.drifted !== null));
  });
});
