import { isUtf8 } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type Dataset, MISSING_TOKENS } from '../../../src/core/read/dataset';
import { readJsonArray, readJsonLines, readJsonLinesFile } from '../../../src/core/read/json';
import { mutate } from '../mutate';
import type { Rng } from '../rng';
import { expectUserError, Finding, type FuzzCase, type FuzzTarget, textBytes } from '../target';
import { checkDatasetShape } from './dataset';

/*
 * The JSON readers (a JSON array of records, JSON Lines from memory and streamed from a file)
 * against JSON.parse as the oracle, on generated records (names like __proto__ and constructor,
 * missing tokens, nested values, escapes, blank lines, CRLF) and mutations of them. A file the
 * oracle reads must give its rows and values; a file it rejects must be refused with a message
 * naming the file.
 */
const KEYS = ['a', 'b', 'price', 'city', '__proto__', 'constructor', 'toString', 'x y', '', 'é'];
const STRINGS = ['NA', '', 'null', 'Paris', 'a"b', 'line\nbreak', '\u0000', '\ud83d\ude00', 'None', '1.5'];

function value(rng: Rng): unknown {
  switch (rng.int(7)) {
    case 0:
      return rng.int(100) - 50;
    case 1:
      return rng.int(10000) / 64;
    case 2:
      return rng.pick(STRINGS);
    case 3:
      return rng.chance(0.5);
    case 4:
      return null;
    case 5:
      return rng.chance(0.5) ? [1, 'two', null] : { nested: { deep: rng.int(3) } };
    default:
      return rng.pick([1e308, -0, 0.1, 12345678901234567890]);
  }
}

function record(rng: Rng): Record<string, unknown> {
  const r: Record<string, unknown> = Object.create(null);
  const n = rng.int(4);
  for (let i = 0; i < n; i++) r[rng.pick(KEYS)] = value(rng);
  return r;
}

function generate(rng: Rng, variant: 'json' | 'jsonl'): string {
  const rows = Array.from({ length: rng.int(6) }, () => record(rng));
  if (variant === 'jsonl') {
    const eol = rng.pick(['\n', '\r\n']);
    const lines = rows.map((r) => JSON.stringify(r));
    if (rng.chance(0.2)) lines.splice(rng.int(lines.length + 1), 0, rng.pick(['', '  ', '\t']));
    return lines.join(eol) + (rng.chance(0.7) ? eol : '');
  }
  if (rng.chance(0.1)) return rows.map((r) => JSON.stringify(r)).join('\n'); // a .json of lines
  return JSON.stringify(rows, null, rng.chance(0.5) ? 2 : undefined);
}

const TOKENS = ['{', '}', '[', ']', '"', ',', ':', '\n', '\r', '\\', 'null', '1e999', '-', ' ', '\\u0000', '\ufeff'].map(textBytes);

export const jsonTarget: FuzzTarget = {
  name: 'json',
  about: 'JSON array and JSON Lines readers (memory and streamed) against JSON.parse as the oracle',
  makeCase(rng: Rng): FuzzCase {
    const variant = rng.chance(0.5) ? 'json' : 'jsonl';
    let input = textBytes(generate(rng, variant));
    if (rng.chance(0.6)) input = mutate(rng, input, { tokens: TOKENS });
    return { input, variant };
  },
  async check(c: FuzzCase): Promise<void> {
    if (c.variant !== 'json' && c.variant !== 'jsonl') throw new Error(`unknown JSON variant ${c.variant}`);
    const source = `fuzz.${c.variant}`;
    const expected = oracle(c.input, c.variant);
    const readers: [string, () => Promise<Dataset>][] = [];
    if (c.variant === 'json') readers.push(['readJsonArray', () => readJsonArray(c.input, source)]);
    else {
      readers.push(['readJsonLines', () => readJsonLines(c.input, source)]);
      readers.push(['readJsonLinesFile', () => fromFile(c.input, source)]);
    }
    for (const [which, read] of readers) {
      let d: Dataset;
      try {
        d = await read();
      } catch (e) {
        const err = expectUserError(e, which === 'readJsonLinesFile' ? '' : source);
        if (expected.verdict === 'records') throw new Finding(`${which} rejects what JSON.parse reads (${expected.records.length} records): ${err.message}`);
        continue;
      }
      checkDatasetShape(d);
      if (expected.verdict === 'reject') throw new Finding(`${which} reads a file JSON.parse rejects (${expected.why})`);
      compare(which, d, expected.records);
    }
  },
};

let dir: string | undefined;
/** readJsonLinesFile streams from disk: the input written to a file of the child's own folder. */
async function fromFile(bytes: Uint8Array, source: string): Promise<Dataset> {
  if (dir === undefined) {
    const made = mkdtempSync(path.join(tmpdir(), 'drift-fuzz-'));
    dir = made;
    process.on('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  const file = path.join(dir, source);
  writeFileSync(file, bytes);
  return readJsonLinesFile(file, bytes.length);
}

type Expected = { verdict: 'reject'; why: string } | { verdict: 'records'; records: Record<string, unknown>[] };

function oracle(bytes: Uint8Array, variant: 'json' | 'jsonl'): Expected {
  const reject = (why: string): Expected => ({ verdict: 'reject', why });
  if (!isUtf8(bytes)) return reject('not UTF-8');
  if (bytes.includes(0)) return reject('a NUL byte');
  const magic = (m: number[]) => m.every((b, i) => bytes[i] === b);
  if (magic([0x50, 0x41, 0x52, 0x31]) || magic([0x1f, 0x8b]) || magic([0x50, 0x4b, 0x03, 0x04]) || magic([0xff, 0xfe]) || magic([0xfe, 0xff])) return reject('a binary signature');
  const text = new TextDecoder().decode(bytes); // drops a BOM, as the reader does
  const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
  const first = text.replace(/^[ \n\r\t]*/, '')[0];
  if (variant === 'jsonl' || first === '{') {
    const records: Record<string, unknown>[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        return reject('a line is not JSON');
      }
      if (!isRecord(v)) return reject('a line is not an object');
      records.push(v);
    }
    return records.length ? { verdict: 'records', records } : reject('no records');
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return reject('not JSON');
  }
  if (!Array.isArray(v)) return reject('not an array');
  if (!v.every(isRecord)) return reject('an element is not an object');
  return v.length ? { verdict: 'records', records: v as Record<string, unknown>[] } : reject('no records');
}

function compare(which: string, d: Dataset, records: Record<string, unknown>[]): void {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const k of Object.keys(r)) {
      if (seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  const got = d.columns.map((c) => c.name);
  if (JSON.stringify(got) !== JSON.stringify(names)) throw new Finding(`${which}: columns ${JSON.stringify(got)}, JSON.parse's keys ${JSON.stringify(names)}`);
  if (d.rows !== records.length) throw new Finding(`${which}: ${d.rows} rows, JSON.parse ${records.length}`);
  for (const col of d.columns) {
    records.forEach((r, i) => {
      const v = Object.prototype.hasOwnProperty.call(r, col.name) ? r[col.name] : undefined;
      const missing = v === null || v === undefined || (typeof v === 'string' && MISSING_TOKENS.has(v));
      if (col.storage === 'numeric') {
        const x = col.values[i];
        if (missing ? !Number.isNaN(x) : x !== v) throw new Finding(`${which}: column '${col.name}' row ${i + 1} is ${x}, JSON.parse gives ${JSON.stringify(v)}`);
        return;
      }
      const code = col.codes[i];
      if (missing !== (code === -1)) throw new Finding(`${which}: column '${col.name}' row ${i + 1} has code ${code}, JSON.parse gives ${JSON.stringify(v)}`);
      if (typeof v === 'string' && !missing && col.dictionary[code] !== v) throw new Finding(`${which}: column '${col.name}' row ${i + 1} is ${JSON.stringify(col.dictionary[code])}, JSON.parse gives ${JSON.stringify(v)}`);
    });
  }
}
