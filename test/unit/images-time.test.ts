import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { loadSharp, measureImage } from '../../src/core/images/decode';
import { exifDateToIso, readExifDates } from '../../src/core/images/exif';
import { IMAGE_TIME_COLUMN, readImageSet } from '../../src/core/images/read';
import type { DictionaryColumn } from '../../src/core/read/dataset';
import { describeImageTimes } from '../../src/shared/imageTimes';
import type { DriftReport } from '../../src/shared/report';
import type { TimelineReport } from '../../src/shared/timeline';
import type { TimelineLoad, TimelineReply, TimelineRequest, TimelineThreadData } from '../../src/threads/timelineProtocol';

const ROOT = path.join(__dirname, '..', '..', '..');
const TIMED = path.join(ROOT, 'test/fixtures/images/timed');

interface ExpectedTime {
  original: string | null;
  dateTime: string | null;
  time: string | null;
  source: 'exif-original' | 'exif-datetime' | 'modified';
}
/** Written by scripts/images/generate_times.py (PIL's EXIF reader) from the same files. */
const EXPECTED = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/images/timed-expected.json'), 'utf8')) as { images: Record<string, ExpectedTime> }).images;

/** The file time the test gives every fixture: an image whose EXIF date is used must not show it. */
const FILE_TIME = new Date('2024-03-02T12:34:56.000Z');

/** A copy of the timed fixtures with known modification times (git keeps none). */
function timedCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-timed-'));
  fs.cpSync(TIMED, dir, { recursive: true });
  for (const rel of Object.keys(EXPECTED)) fs.utimesSync(path.join(dir, rel), FILE_TIME, FILE_TIME);
  return dir;
}

describe('image times: EXIF dates against PIL (scripts/images/generate_times.py)', () => {
  let dir: string;
  before(() => {
    dir = timedCopy();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the fixtures cover every source and both byte orders', () => {
    const sources = new Set(Object.values(EXPECTED).map((e) => e.source));
    assert.deepEqual([...sources].sort(), ['exif-datetime', 'exif-original', 'modified']);
    const orders = new Set(
      Object.keys(EXPECTED)
        .filter((rel) => rel.endsWith('.jpg'))
        .map((rel) => fs.readFileSync(path.join(TIMED, rel)).includes(Buffer.from('Exif\0\0II', 'latin1'))),
    );
    assert.deepEqual([...orders].sort(), [false, true]);
  });

  for (const [rel, expected] of Object.entries(EXPECTED)) {
    it(rel, async () => {
      const file = path.join(dir, rel);
      // The raw tags as PIL reads them (both, even when the first one wins).
      const exif = (await loadSharp()(file).metadata()).exif;
      const dates = exif ? readExifDates(exif) : {};
      assert.equal(dates.original ?? null, expected.original);
      assert.equal(dates.dateTime ?? null, expected.dateTime);
      assert.equal((dates as { problem?: string }).problem, undefined);
      // The time the rule picks.
      const { time } = await measureImage(file, { time: true });
      assert.ok(time);
      assert.equal(time.source, expected.source);
      assert.equal(time.iso, expected.time ?? FILE_TIME.toISOString());
    });
  }

  it('says why an EXIF date was not used', async () => {
    const { time } = await measureImage(path.join(dir, 'cur/day2/c04.jpg'), { time: true });
    assert.equal(time?.note, "EXIF DateTimeOriginal '0000:00:00 00:00:00' is not a date; EXIF DateTime used");
    const plain = await measureImage(path.join(dir, 'cur/day1/c00.jpg'), { time: true });
    assert.equal(plain.time?.note, undefined);
  });

  it('an image set read with times has a datetime column and counts its sources', async () => {
    const set = await readImageSet(path.join(dir, 'cur'), { time: true });
    const column = set.columns.find((c) => c.name === IMAGE_TIME_COLUMN) as DictionaryColumn;
    assert.equal(column.logical, 'datetime');
    const times = Array.from(column.codes, (c) => column.dictionary[c]);
    assert.deepEqual(
      times,
      set.images!.files.map((f) => EXPECTED[`cur/${f}`].time ?? FILE_TIME.toISOString()),
    );
    assert.deepEqual(set.images!.times, { exifOriginal: 28, exifDateTime: 5, modified: 3 });
    assert.equal(describeImageTimes(set.images!.times!), 'time from EXIF DateTimeOriginal for 28 images, EXIF DateTime for 5 images, file modification time for 3 images');
    assert.ok(set.warnings.includes("day2/c04.jpg: EXIF DateTimeOriginal '0000:00:00 00:00:00' is not a date; EXIF DateTime used"), set.warnings.join('\n'));
    // Without the option (compare, image-features) the set has no time column.
    const plain = await readImageSet(path.join(dir, 'cur/day1'));
    assert.equal(plain.columns.some((c) => c.name === IMAGE_TIME_COLUMN), false);
    assert.equal(plain.images!.times, undefined);
  });

  it('a JPEG whose EXIF block is damaged is read, with its reason and the file time', async () => {
    // IFD0 claims to start past the end of the block.
    const tiff = tiffBlock('MM', [], { ifd0: 4000 });
    const file = path.join(dir, 'damaged.jpg');
    fs.writeFileSync(file, withApp1(fs.readFileSync(path.join(TIMED, 'ref/r00.jpg')), tiff));
    fs.utimesSync(file, FILE_TIME, FILE_TIME);
    // libvips reads the pixels all the same (it ignores an EXIF block it cannot parse).
    const { time, properties } = await measureImage(file, { time: true });
    assert.equal(properties.width, 32);
    assert.deepEqual(time, {
      iso: FILE_TIME.toISOString(),
      source: 'modified',
      note: 'EXIF damaged (IFD0 at offset 4000 is outside the 10-byte EXIF block); file modification time used',
    });
  });
});

describe('the EXIF date reader on hand-made and hostile blocks', () => {
  it('reads both dates in both byte orders, with and without the Exif prefix', () => {
    for (const order of ['II', 'MM'] as const) {
      const tiff = tiffBlock(order, [[0x0132, 2, '2024:01:02 03:04:05\0']], { original: '2023:05:06 07:08:09\0' });
      assert.deepEqual(readExifDates(tiff), { dateTime: '2024:01:02 03:04:05', original: '2023:05:06 07:08:09' });
      assert.deepEqual(readExifDates(Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff])), { dateTime: '2024:01:02 03:04:05', original: '2023:05:06 07:08:09' });
      // HEIF's Exif item: a 4-byte big-endian offset to the header (here past "Exif\0\0").
      assert.deepEqual(readExifDates(Buffer.concat([Buffer.from([0, 0, 0, 6]), Buffer.from('Exif\0\0', 'latin1'), tiff])), { dateTime: '2024:01:02 03:04:05', original: '2023:05:06 07:08:09' });
    }
  });

  const hostile: [string, Buffer, RegExp][] = [
    ['empty', Buffer.alloc(0), /too short for a TIFF header \(0 bytes\)/],
    ['no byte-order mark', Buffer.from('XX\0*\0\0\0\x08', 'latin1'), /without a TIFF byte-order mark/],
    ['not 42', Buffer.from('MM\0\x2b\0\0\0\x08', 'latin1'), /bad TIFF header/],
    ['IFD0 past the end', tiffBlock('II', [], { ifd0: 0xfffffff0 }), /IFD0 at offset 4294967280 is outside the 10-byte EXIF block/],
    ['IFD0 inside the header', tiffBlock('II', [], { ifd0: 2 }), /IFD0 at offset 2 is outside/],
    ['more entries than the block holds', tiffBlock('MM', [], { count: 0xffff }), /IFD0 claims 65535 entries, more than the 14-byte EXIF block holds/],
    ['DateTime past the end', tiffBlock('MM', [[0x0132, 2, '2024:01:02 03:04:05\0']], { dataAt: 0x7fffffff }), /DateTime at offset 2147483647 runs past the end/],
    ['DateTime as a number', tiffBlock('II', [[0x0132, 3, 'ab']]), /DateTime is not text \(TIFF type 3\)/],
    ['a 4 GB DateTime', tiffBlock('II', [[0x0132, 2, '2024:01:02 03:04:05\0']], { textCount: 0xffffffff }), /DateTime is 4294967295 bytes long, not a date/],
    ['Exif pointer as text', tiffBlock('II', [[0x8769, 2, 'abc\0']]), /the Exif IFD pointer is not one LONG \(type 2, count 4\)/],
    ['Exif pointer past the end', tiffBlock('MM', [[0x8769, 4, 0x10000]]), /the Exif IFD at offset 65536 is outside/],
  ];
  for (const [what, block, reason] of hostile) {
    it(`${what}: a reason, no throw`, () => {
      const dates = readExifDates(block);
      assert.ok(dates.problem, JSON.stringify(dates));
      assert.match(dates.problem, reason);
    });
  }

  it('a pointer back to IFD0 stops after two IFDs (no loop)', () => {
    const dates = readExifDates(tiffBlock('MM', [[0x0132, 2, '2024:01:02 03:04:05\0'], [0x8769, 4, 8]]));
    assert.deepEqual(dates, { dateTime: '2024:01:02 03:04:05' });
  });

  it('keeps what it read before the damage', () => {
    const dates = readExifDates(tiffBlock('MM', [[0x0132, 2, '2024:01:02 03:04:05\0'], [0x8769, 4, 0x10000]]));
    assert.equal(dates.dateTime, '2024:01:02 03:04:05');
    assert.match(dates.problem!, /Exif IFD/);
  });

  it('never throws on any truncation or on 3,000 seeded byte changes of a real block', () => {
    const block = Buffer.concat([
      Buffer.from('Exif\0\0', 'latin1'),
      tiffBlock('II', [[0x0132, 2, '2024:01:02 03:04:05\0']], { original: '2023:05:06 07:08:09\0' }),
    ]);
    for (let n = 0; n <= block.length; n++) readExifDates(block.subarray(0, n));
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let damaged = 0;
    for (let k = 0; k < 3000; k++) {
      const copy = Buffer.from(block);
      for (let j = 0; j < 1 + Math.floor(random() * 4); j++) copy[Math.floor(random() * copy.length)] = Math.floor(random() * 256);
      const dates = readExifDates(copy);
      if (dates.problem) damaged++;
      for (const text of [dates.original, dates.dateTime]) if (text !== undefined) assert.ok(text.length <= 64);
    }
    assert.ok(damaged > 0, 'some changes must be noticed');
  });
});

describe('EXIF date text to ISO-8601', () => {
  it('reads real dates and refuses the rest', () => {
    assert.equal(exifDateToIso('2024:03:01 10:20:30'), '2024-03-01T10:20:30');
    assert.equal(exifDateToIso('2024:02:29 00:00:00'), '2024-02-29T00:00:00');
    assert.equal(exifDateToIso('2024-03-01 10:20:30'), '2024-03-01T10:20:30');
    for (const bad of ['0000:00:00 00:00:00', '    :  :     :  :  ', '', '2023:02:29 00:00:00', '2024:03:01 24:00:00', '2024:13:01 10:00:00', '2024:03:01', '2024:03:01 10:20:30 extra']) {
      assert.equal(exifDateToIso(bad), undefined, bad);
    }
  });
});

type Entry = [tag: number, type: number, value: string | number];

/**
 * A TIFF block (EXIF without the prefix): header, IFD0 with `entries` (and a pointer to an Exif
 * IFD holding DateTimeOriginal when `original` is given), then the texts. The options break it.
 */
function tiffBlock(
  order: 'II' | 'MM',
  entries: Entry[],
  options: { original?: string; ifd0?: number; count?: number; dataAt?: number; textCount?: number } = {},
): Buffer {
  const little = order === 'II';
  const all: Entry[] = [...entries];
  if (options.original !== undefined) all.push([0x8769, 4, -1]);
  const ifd0Size = 2 + all.length * 12 + 4;
  const exifAt = 8 + ifd0Size;
  const exifSize = options.original !== undefined ? 2 + 12 + 4 : 0;
  let dataAt = exifAt + exifSize;
  const data: Buffer[] = [];
  const u16 = (b: Buffer, at: number, v: number) => (little ? b.writeUInt16LE(v, at) : b.writeUInt16BE(v, at));
  const u32 = (b: Buffer, at: number, v: number) => (little ? b.writeUInt32LE(v >>> 0, at) : b.writeUInt32BE(v >>> 0, at));
  const entry = (b: Buffer, at: number, [tag, type, value]: Entry) => {
    u16(b, at, tag);
    u16(b, at + 2, type);
    if (typeof value === 'number') {
      u32(b, at + 4, 1);
      u32(b, at + 8, value === -1 ? exifAt : value);
      return;
    }
    const bytes = Buffer.from(value, 'latin1');
    u32(b, at + 4, options.textCount ?? bytes.length);
    if (bytes.length <= 4) {
      bytes.copy(b, at + 8);
      return;
    }
    u32(b, at + 8, options.dataAt ?? dataAt);
    data.push(bytes);
    dataAt += bytes.length;
  };
  const head = Buffer.alloc(8);
  head.write(order, 0, 'latin1');
  u16(head, 2, 42);
  u32(head, 4, options.ifd0 ?? 8);
  if (options.ifd0 !== undefined && all.length === 0) return Buffer.concat([head, Buffer.alloc(2)]);
  const ifd0 = Buffer.alloc(ifd0Size);
  u16(ifd0, 0, options.count ?? all.length);
  all.forEach((e, i) => entry(ifd0, 2 + i * 12, e));
  const exif = Buffer.alloc(exifSize);
  if (options.original !== undefined) {
    u16(exif, 0, 1);
    entry(exif, 2, [0x9003, 2, options.original]);
  }
  return Buffer.concat([head, ifd0, exif, ...data]);
}

/** `jpeg` with an APP1 EXIF segment holding `tiff` right after its SOI marker. */
function withApp1(jpeg: Buffer, tiff: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const marker = Buffer.alloc(4);
  marker.writeUInt16BE(0xffe1, 0);
  marker.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), marker, body, jpeg.subarray(2)]);
}

describe('drift-inspect timeline on two image folders', () => {
  const CLI = path.join(ROOT, 'dist', 'cli.js');
  const run = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: os.tmpdir() });
  let dir: string;
  before(() => {
    dir = timedCopy();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('chunks by day on the images times; each chunk is the comparison of the reference with its images', () => {
    const r = run(['timeline', path.join(dir, 'ref'), path.join(dir, 'cur'), '--period', '1d', '--min-rows', '2', '--format', 'json']);
    assert.equal(r.status, 0, r.stderr);
    const timeline = JSON.parse(r.stdout) as TimelineReport;
    assert.equal(timeline.timeColumn, IMAGE_TIME_COLUMN);
    assert.deepEqual(timeline.reference.imageTimes, { exifOriginal: 12, exifDateTime: 0, modified: 0 });
    assert.deepEqual(timeline.current.imageTimes, { exifOriginal: 28, exifDateTime: 5, modified: 3 });
    // Day 2 holds the three PNGs without EXIF only because of their file time (set above, 2024-03-02).
    assert.deepEqual(
      timeline.chunks.map((c) => [c.start, c.end, c.rows]),
      [
        ['2024-03-01T00:00:00', '2024-03-02T00:00:00', 12],
        ['2024-03-02T00:00:00', '2024-03-03T00:00:00', 12],
        ['2024-03-03T00:00:00', '2024-03-04T00:00:00', 12],
      ],
    );
    for (const [i, day] of ['day1', 'day2', 'day3'].entries()) {
      const c = run(['compare', path.join(dir, 'ref'), path.join(dir, 'cur', day), '--format', 'json']);
      assert.equal(c.status, 0, c.stderr);
      const comparison = JSON.parse(c.stdout) as DriftReport;
      const chunk = timeline.chunks[i];
      assert.deepEqual(chunk.dataset, comparison.dataset, `chunk ${i}`);
      for (const column of comparison.columns) {
        const cell = chunk.columns.find((x) => x.name === column.name);
        assert.ok(cell, `${day}: ${column.name}`);
        assert.deepEqual([cell.test, cell.score, cell.threshold, cell.drifted], [column.test, column.score, column.threshold, column.drifted], `${day}: ${column.name}`);
      }
      // The time column is the timeline's own: typed datetime, not tested.
      assert.deepEqual(
        chunk.columns.filter((x) => !comparison.columns.some((y) => y.name === x.name)).map((x) => [x.name, x.type, x.drifted]),
        [[IMAGE_TIME_COLUMN, 'datetime', null]],
      );
    }
    // The "new phone" of day 3 (16:9, brighter) drifts; the days before do not.
    assert.deepEqual(timeline.chunks.map((c) => c.dataset.drifted), [false, false, true]);
    assert.equal(timeline.dataset.firstDriftedChunk, 2);
  });

  it('the table states where each set took its times', () => {
    const r = run(['timeline', path.join(dir, 'ref'), path.join(dir, 'cur'), '--chunks', '3', '--min-rows', '2']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Reference: .*ref \(12 images; time from EXIF DateTimeOriginal for 12 images\)/);
    assert.match(r.stdout, /Current: +.*cur \(36 images; time from EXIF DateTimeOriginal for 28 images, EXIF DateTime for 5 images, file modification time for 3 images\)/);
    assert.match(r.stdout, /day2\/c04\.jpg: EXIF DateTimeOriginal '0000:00:00 00:00:00' is not a date; EXIF DateTime used/);
  });
});

describe('an image-set timeline in the extension\'s timeline thread (dist/worker.js)', () => {
  let dir: string;
  before(() => {
    dir = timedCopy();
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('offers the time column and its periods, and computes the timeline the panel shows', async () => {
    const load: TimelineLoad = {
      referencePath: path.join(dir, 'ref'),
      currentPath: path.join(dir, 'cur'),
      referenceName: 'ref',
      currentName: 'cur',
      settings: {},
      generatedBy: 'images-time.test',
    };
    const workerData: TimelineThreadData = { thread: 'timeline', load };
    const worker = new Worker(path.join(ROOT, 'dist', 'worker.js'), { workerData });
    const ask = (request: TimelineRequest) =>
      new Promise<TimelineReply>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage(request);
      });
    try {
      const loaded = await ask({ id: 1, type: 'load' });
      assert.equal(loaded.type, 'loaded', JSON.stringify(loaded));
      if (loaded.type !== 'loaded') return;
      // What the chunking QuickPick offers: the one datetime column, three days.
      assert.deepEqual(loaded.shape.datetimeColumns, [IMAGE_TIME_COLUMN]);
      assert.equal(loaded.shape.periods[IMAGE_TIME_COLUMN]['1d'], 3);
      const computed = await ask({ id: 2, type: 'timeline', spec: { chunking: { by: 'period', period: '1d' }, baseline: 'reference' } });
      assert.equal(computed.type, 'timeline', JSON.stringify(computed));
      if (computed.type !== 'timeline') return;
      const t = computed.report;
      assert.deepEqual(t.chunks.map((c) => [c.start, c.rows]), [
        ['2024-03-01T00:00:00', 12],
        ['2024-03-02T00:00:00', 12],
        ['2024-03-03T00:00:00', 12],
      ]);
      assert.deepEqual([t.reference.imageTimes, t.current.imageTimes], [
        { exifOriginal: 12, exifDateTime: 0, modified: 0 },
        { exifOriginal: 28, exifDateTime: 5, modified: 3 },
      ]);
      // A cell's detail (a click in the heatmap) is the chunk's comparison of that property.
      const detail = await ask({ id: 3, type: 'detail', chunk: 2, column: 'aspect_ratio' });
      assert.equal(detail.type, 'detail', JSON.stringify(detail));
      if (detail.type === 'detail') assert.equal(detail.report.current?.count, 12);
    } finally {
      await worker.terminate();
    }
  });
});

describe('image time notes in the warnings', () => {
  it('one line per distinct reason, naming the first image and how many more', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'drift-timed-notes-'));
    try {
      for (let k = 0; k < 3; k++) fs.copyFileSync(path.join(TIMED, 'cur/day2/c04.jpg'), path.join(dir, `zero-${k}.jpg`));
      fs.copyFileSync(path.join(TIMED, 'cur/day1/c00.jpg'), path.join(dir, 'fine.jpg'));
      const set = await readImageSet(dir, { time: true });
      assert.deepEqual(set.warnings, ["zero-0.jpg and 2 more images: EXIF DateTimeOriginal '0000:00:00 00:00:00' is not a date; EXIF DateTime used"]);
      assert.deepEqual(set.images!.times, { exifOriginal: 1, exifDateTime: 3, modified: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('drift-inspect image-features --image-time', () => {
  const CLI = path.join(ROOT, 'dist', 'cli.js');
  it('adds each image\'s time and its source, as PIL reads the EXIF dates; other commands refuse the flag', () => {
    const dir = timedCopy();
    try {
      const r = spawnSync(process.execPath, [CLI, 'image-features', path.join(dir, 'cur'), '--image-time'], { encoding: 'utf8', cwd: os.tmpdir() });
      assert.equal(r.status, 0, r.stderr);
      const [header, ...rows] = r.stdout.trim().split('\n').map((l) => l.split(','));
      const at = (name: string) => header.indexOf(name);
      assert.ok(at('time') > 0 && at('time_source') === at('time') + 1, header.join(','));
      assert.equal(rows.length, 36);
      for (const row of rows) {
        const expected = EXPECTED[`cur/${row[0]}`];
        assert.deepEqual([row[at('time')], row[at('time_source')]], [expected.time ?? FILE_TIME.toISOString(), expected.source], row[0]);
      }
      assert.match(r.stderr, /day2\/c04\.jpg: EXIF DateTimeOriginal '0000:00:00 00:00:00' is not a date; EXIF DateTime used/);
      const refused = spawnSync(process.execPath, [CLI, 'compare', path.join(dir, 'ref'), path.join(dir, 'cur'), '--image-time'], { encoding: 'utf8', cwd: os.tmpdir() });
      assert.equal(refused.status, 2);
      assert.match(refused.stderr, /--image-time is an option of the image-features command/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
