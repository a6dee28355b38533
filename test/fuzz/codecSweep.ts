import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import * as ours from '../../src/core/read/parquet/lz4';
import { boundedZstd } from '../../src/core/read/parquet/zstd';

/*
 * Every one-byte mutation (zeroed, 0xff, low bit flipped, dropped, doubled) of every compressed page of the codec
 * fixtures (test/fixtures/read/mixed-<codec>.parquet), handed straight to a page decompressor:
 * hyparquet-compressors' (the library's own, `--library`) or the ones the reader uses (default:
 * ours for LZ4, zstd with its frame headers checked, the library's for the rest). Each page runs in a worker thread with a watchdog,
 * so a decompressor that never returns is named with the page and byte instead of stopping the
 * sweep. `node out/test/fuzz/codecSweep.js [--library]`; the results are in
 * /work/coord/reports/fuzz.md and README "Limits and guarantees".
 */
const READ = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'read');
const CODECS: Record<string, string> = {
  SNAPPY: 'mixed-snappy.parquet',
  GZIP: 'mixed-gzip.parquet',
  BROTLI: 'mixed-brotli.parquet',
  ZSTD: 'mixed-zstd.parquet',
  LZ4: 'mixed-lz4.parquet',
  LZ4_RAW: 'mixed-lz4raw.parquet',
};
/** Byte i of a page changed: zeroed, set to 0xff, its low bit flipped, dropped, or doubled (a shifted page, as a header one byte shorter or longer gives). */
const MUTATIONS: [string, (page: Uint8Array, i: number) => Uint8Array][] = [
  ['zero', (p, i) => set(p, i, 0)],
  ['0xff', (p, i) => set(p, i, 0xff)],
  ['flip', (p, i) => set(p, i, p[i] ^ 1)],
  ['drop', (p, i) => Uint8Array.from([...p.subarray(0, i), ...p.subarray(i + 1)])],
  ['double', (p, i) => Uint8Array.from([...p.subarray(0, i + 1), ...p.subarray(i)])],
];

function set(page: Uint8Array, i: number, v: number): Uint8Array {
  const copy = page.slice();
  copy[i] = v;
  return copy;
}

export interface Page {
  readonly codec: string;
  readonly label: string;
  readonly bytes: Uint8Array;
  readonly size: number;
}

/** Every compressed page of the codec fixtures, with its uncompressed size (also for test/unit/parquet-codecs.test.ts). */
export async function codecPages(): Promise<Page[]> {
  const { parquetMetadata } = await import('hyparquet');
  const { parquetHeader } = await import('hyparquet/src/column.js');
  const out: Page[] = [];
  for (const [codec, file] of Object.entries(CODECS)) {
    const buf = readFileSync(path.join(READ, file));
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const meta = parquetMetadata(ab);
    meta.row_groups.forEach((g, gi) =>
      g.columns.forEach((c) => {
        const m = c.meta_data!;
        const start = Number(m.dictionary_page_offset ?? m.data_page_offset);
        const end = start + Number(m.total_compressed_size);
        const reader = { view: new DataView(ab), offset: start };
        for (let p = 1; reader.offset < end; p++) {
          const h = parquetHeader(reader);
          const levels = h.data_page_header_v2 ? h.data_page_header_v2.definition_levels_byte_length + h.data_page_header_v2.repetition_levels_byte_length : 0;
          out.push({
            codec,
            label: `${file} row group ${gi + 1} column ${m.path_in_schema.join('.')} page ${p} (at byte ${reader.offset + levels})`,
            bytes: new Uint8Array(ab, reader.offset + levels, h.compressed_page_size - levels),
            size: h.uncompressed_page_size - levels,
          });
          reader.offset += h.compressed_page_size;
        }
      }),
    );
  }
  return out;
}

interface Tally {
  calls: number;
  errors: number;
  wrongLength: number;
  hangs: string[];
}

async function main(): Promise<void> {
  const library = process.argv.includes('--library');
  const all = await codecPages();
  const tallies = new Map<string, Tally>();
  for (const page of all) {
    const t = tallies.get(page.codec) ?? { calls: 0, errors: 0, wrongLength: 0, hangs: [] };
    tallies.set(page.codec, t);
    let from = 0;
    while (from < page.bytes.length * MUTATIONS.length) {
      from = await sweep(page, from, library, t);
    }
  }
  console.log(`decompressors: ${library ? 'hyparquet-compressors as published' : "the reader's (our LZ4, the library's others)"}`);
  for (const [codec, t] of tallies) {
    console.log(`${codec}: ${t.calls} mutated pages, ${t.errors} errors, ${t.wrongLength} of the wrong length, ${t.hangs.length} hangs${t.hangs.map((h) => `\n  hang: ${h}`).join('')}`);
  }
}

/** Runs mutations [from, ...) of one page in a worker; returns where to go on (past a hang). */
function sweep(page: Page, from: number, library: boolean, t: Tally): Promise<number> {
  return new Promise((resolve) => {
    const worker = new Worker(__filename, { workerData: { codec: page.codec, bytes: page.bytes, size: page.size, from, library } });
    let at = from;
    let timer = setTimeout(hang, 10_000);
    function hang() {
      void worker.terminate();
      const [name] = MUTATIONS[at % MUTATIONS.length];
      t.hangs.push(`${page.label}: byte ${Math.floor(at / MUTATIONS.length)} ${name}`);
      t.calls++;
      resolve(at + 1);
    }
    worker.on('message', (m: { done?: boolean; error?: boolean; wrongLength?: boolean }) => {
      if (m.done) {
        clearTimeout(timer);
        void worker.terminate();
        resolve(Number.MAX_SAFE_INTEGER);
        return;
      }
      t.calls++;
      if (m.error) t.errors++;
      if (m.wrongLength) t.wrongLength++;
      at++;
      clearTimeout(timer);
      timer = setTimeout(hang, 10_000);
    });
  });
}

async function work(): Promise<void> {
  const { codec, bytes, size, from, library } = workerData as { codec: string; bytes: Uint8Array; size: number; from: number; library: boolean };
  const lib = (await import('hyparquet-compressors')).compressors as Record<string, (input: Uint8Array, n: number) => Uint8Array>;
  const reader: Record<string, (input: Uint8Array, n: number) => Uint8Array> = {
    ...lib,
    LZ4: ours.decompressLz4Hadoop,
    LZ4_RAW: ours.decompressLz4Raw,
    ZSTD: boundedZstd(lib.ZSTD),
  };
  const decompress = library ? lib[codec] : reader[codec];
  for (let k = from; k < bytes.length * MUTATIONS.length; k++) {
    const copy = MUTATIONS[k % MUTATIONS.length][1](bytes, Math.floor(k / MUTATIONS.length));
    let error = false;
    let wrongLength = false;
    try {
      wrongLength = decompress(copy, size).length !== size;
    } catch {
      error = true;
    }
    parentPort!.postMessage({ error, wrongLength });
  }
  parentPort!.postMessage({ done: true });
}

if (!isMainThread) void work();
else if (require.main === module) void main();
