// Writes the benchmark's input files under bench/data/ (gitignored): the flights-3m halves
// (CSV and Parquet), the wide seeded case (CSV and Parquet) and copies of the small real pairs.
// Idempotent: a file already there is kept (delete bench/data/ to rebuild).
import { createWriteStream, existsSync, mkdirSync, readFileSync, copyFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { parquetWriteFile } from 'hyparquet-writer';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const DATA = join(ROOT, 'bench', 'data');
mkdirSync(DATA, { recursive: true });

/** pyarrow's default row group size (1024 * 1024 rows), so the files look like common ones. */
const ROW_GROUP = 1 << 20;

function log(msg) {
  process.stderr.write(`[bench data] ${msg}\n`);
}

/** Writes text through a stream in large pieces; renamed into place only when complete. */
async function writeText(path, produce) {
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp, { highWaterMark: 1 << 22 });
  let buf = [];
  let size = 0;
  const flush = async () => {
    if (!out.write(buf.join(''))) await new Promise((r) => out.once('drain', r));
    buf = [];
    size = 0;
  };
  await produce(async (line) => {
    buf.push(line);
    size += line.length;
    if (size > 1 << 22) await flush();
  });
  await flush();
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())));
  renameSync(tmp, path);
}

function writeParquet(path, columnData) {
  const tmp = `${path}.tmp`;
  parquetWriteFile({ filename: tmp, columnData, rowGroupSize: ROW_GROUP });
  renameSync(tmp, path);
}

// ---- flights-3m: first and second half -------------------------------------------------------

const pad = (n) => String(n).padStart(2, '0');
/** pandas' to_csv form of a timestamp. */
function csvTimestamp(d) {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

async function flights() {
  const names = ['reference', 'current'];
  const want = names.flatMap((n) => [join(DATA, `flights-${n}.csv`), join(DATA, `flights-${n}.parquet`)]);
  if (want.every(existsSync)) return;
  const src = join(ROOT, 'node_modules', 'vega-datasets', 'data', 'flights-3m.parquet');
  log(`reading ${src}`);
  const bytes = readFileSync(src);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const metadata = await parquetMetadataAsync(file);
  const rows = await parquetReadObjects({ file, metadata, compressors });
  const half = Math.floor(rows.length / 2);
  const parts = [rows.slice(0, half), rows.slice(half)];
  for (let p = 0; p < 2; p++) {
    const part = parts[p];
    const csv = join(DATA, `flights-${names[p]}.csv`);
    log(`writing ${csv} (${part.length} rows)`);
    await writeText(csv, async (emit) => {
      await emit('date,delay,distance,origin,destination\n');
      for (const r of part) {
        await emit(`${csvTimestamp(r.date)},${r.delay},${r.distance},${r.origin},${r.destination}\n`);
      }
    });
    const pq = join(DATA, `flights-${names[p]}.parquet`);
    log(`writing ${pq}`);
    // Laid out like the source file (and pyarrow's defaults): every column optional, INT64
    // integers, dictionary-encoded columns (the writer's size heuristic would store the dates
    // plain; pyarrow keeps a dictionary up to 1 MB, and the source file has one).
    writeParquet(pq, [
      { name: 'date', data: part.map((r) => r.date), type: 'TIMESTAMP', encoding: 'RLE_DICTIONARY' },
      { name: 'delay', data: part.map((r) => BigInt(r.delay)), type: 'INT64' },
      { name: 'distance', data: part.map((r) => BigInt(r.distance)), type: 'INT64' },
      { name: 'origin', data: part.map((r) => r.origin), type: 'STRING' },
      { name: 'destination', data: part.map((r) => r.destination), type: 'STRING' },
    ]);
  }
}

// ---- wide: 200 columns x 200,000 rows (two halves of 100,000), fixed seed -----------------------

/** mulberry32: small, fast, seeded; the files must be the same on every machine. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand) {
  // Box-Muller; 1 - u avoids log(0).
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

export const WIDE = { rows: 100_000, seed: 20240601 };

/** The column plan: 110 decimal, 30 integer (> 10 values), 40 text categories, 20 small integers. */
function wideColumns() {
  const cols = [];
  for (let i = 0; i < 110; i++) cols.push({ name: `num_${i}`, kind: 'float', drift: i % 7 === 0, missing: i % 5 === 0 ? 0.04 : 0 });
  for (let i = 0; i < 30; i++) cols.push({ name: `int_${i}`, kind: 'int', drift: i % 6 === 0, missing: 0 });
  for (let i = 0; i < 40; i++) cols.push({ name: `cat_${i}`, kind: 'cat', drift: i % 5 === 0, missing: i % 4 === 0 ? 0.03 : 0, levels: 3 + ((i * 7) % 38) });
  for (let i = 0; i < 20; i++) cols.push({ name: `flag_${i}`, kind: 'small', drift: i % 4 === 0, missing: 0 });
  return cols;
}

/** Cell text per column, row by row; missing cells are empty (floats) or NA (categories). */
function wideCell(col, rand, current) {
  if (col.missing > 0 && rand() < col.missing) return col.kind === 'cat' ? 'NA' : '';
  const shift = current && col.drift ? 1 : 0;
  switch (col.kind) {
    case 'float':
      return (100 + 15 * (normal(rand) + 0.4 * shift)).toFixed(3);
    case 'int':
      return String(Math.floor(5000 + 2000 * (normal(rand) + 0.3 * shift)));
    case 'cat': {
      // Skewed levels; drift moves weight towards the last levels.
      const u = shift ? Math.sqrt(rand()) : rand() * rand();
      return `level_${Math.min(col.levels - 1, Math.floor(u * col.levels))}`;
    }
    case 'small':
      return String(Math.min(4, Math.floor((shift ? 0.5 + rand() : rand()) * 4)));
  }
}

async function wide() {
  const cols = wideColumns();
  for (const [p, name] of ['reference', 'current'].entries()) {
    const csv = join(DATA, `wide-${name}.csv`);
    const pq = join(DATA, `wide-${name}.parquet`);
    if (existsSync(csv) && existsSync(pq)) continue;
    log(`writing ${csv} and ${pq} (${WIDE.rows} rows x ${cols.length} columns)`);
    const rand = rng(WIDE.seed + p);
    const columns = cols.map(() => new Array(WIDE.rows));
    for (let r = 0; r < WIDE.rows; r++) {
      for (let c = 0; c < cols.length; c++) columns[c][r] = wideCell(cols[c], rand, p === 1);
    }
    await writeText(csv, async (emit) => {
      await emit(cols.map((c) => c.name).join(',') + '\n');
      const row = new Array(cols.length);
      for (let r = 0; r < WIDE.rows; r++) {
        for (let c = 0; c < cols.length; c++) row[c] = columns[c][r];
        await emit(row.join(',') + '\n');
      }
    });
    writeParquet(
      pq,
      cols.map((c, j) => {
        const text = columns[j];
        if (c.kind === 'cat') return { name: c.name, data: text.map((t) => (t === 'NA' ? null : t)), type: 'STRING' };
        if (c.kind === 'float') return { name: c.name, data: text.map((t) => (t === '' ? null : Number(t))), type: 'DOUBLE' };
        return { name: c.name, data: text.map((t) => (t === '' ? null : Number(t))), type: 'INT32' };
      }),
    );
  }
}

// ---- small real pairs: copies, so every case reads from bench/data ---------------------------

function small() {
  const pairs = [
    ['cars', 'samples/cars-reference.csv', 'samples/cars-current.csv'],
    ['weather', 'samples/weather-reference.csv', 'samples/weather-current.csv'],
    ['penguins', 'test/fixtures/pairs/penguins-halves-reference.csv', 'test/fixtures/pairs/penguins-halves-current.csv'],
    ['flights5k', 'test/fixtures/pairs/flights-halves-reference.csv', 'test/fixtures/pairs/flights-halves-current.csv'],
  ];
  for (const [name, ref, cur] of pairs) {
    copyFileSync(join(ROOT, ref), join(DATA, `${name}-reference.csv`));
    copyFileSync(join(ROOT, cur), join(DATA, `${name}-current.csv`));
  }
}

await flights();
await wide();
small();
log('ready');
