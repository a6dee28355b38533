import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import { readCsv, readCsvSequential } from '../../../src/core/read/csv/reader';
import { type Dataset, MISSING_TOKENS } from '../../../src/core/read/dataset';
import { mutate } from '../mutate';
import type { Rng } from '../rng';
import { expectUserError, Finding, type FuzzCase, type FuzzTarget, textBytes } from '../target';
import { checkDatasetShape } from './dataset';

/*
 * The CSV reader (its fast tokenizer, src/core/read/csv/plan.ts and tokenizer.ts, and its csv-parse path)
 * against csv-parse called directly as the oracle, on generated CSV (quotes, doubled quotes,
 * CRLF, four delimiters, a BOM, embedded line breaks and delimiters, blank lines, missing tokens,
 * numbers with spaces) and mutations of it. The oracle's records go through the reader's
 * documented rules (src/core/read/README.md: header names, blank lines, field counts, number
 * columns), and both readers must give the same cells, or all reject the file.
 */
const DELIMITERS: Record<string, string> = { comma: ',', semicolon: ';', tab: '\t', pipe: '|' };
const SOURCE = 'fuzz.csv';

const PLAIN = ['a', 'b', 'x y', 'NA', 'null', 'None', '', ' ', 'naïve', '€', 'A', 'true', '0x10', '1_000', '1,5', 'inf', '-Infinity', 'NaN', '5d', '12" pizza'];
const NUMBERS = ['0', '1', '-2', '3.5', '-0.25', '1e3', '2E-2', '.5', '5.', ' 7 ', '\t8', '+4', '007', '1e', '.', '-'];

function field(rng: Rng, delimiter: string, numeric: boolean): string {
  let v = numeric && rng.chance(0.85) ? rng.pick(NUMBERS) : rng.pick(PLAIN);
  if (rng.chance(0.15)) v += rng.pick([delimiter, '\n', '\r\n', '"', ' ', 'z']) + rng.pick(PLAIN);
  const needsQuotes = v.includes(delimiter) || v.includes('\n') || v.includes('\r') || v.includes('"');
  if (needsQuotes || rng.chance(0.1)) return `"${v.replace(/"/g, '""')}"`;
  return v;
}

function generate(rng: Rng, delimiter: string): string {
  const columns = 1 + rng.int(4);
  const rows = rng.int(7);
  const eol = rng.pick(['\n', '\r\n', '\n', '\r\n', '\r']);
  const numeric = Array.from({ length: columns }, () => rng.chance(0.5));
  const lines: string[] = [];
  lines.push(Array.from({ length: columns }, (_, j) => (rng.chance(0.05) ? '' : rng.chance(0.1) ? `"h${j}${delimiter}q"` : `h${j}`)).join(delimiter));
  for (let r = 0; r < rows; r++) {
    if (rng.chance(0.1)) lines.push(rng.pick(['', ' ', '\t']));
    lines.push(Array.from({ length: columns }, (_, j) => field(rng, delimiter, numeric[j])).join(delimiter));
  }
  let text = lines.join(eol);
  if (rng.chance(0.7)) text += eol;
  if (rng.chance(0.15)) text = '\ufeff' + text;
  return text;
}

const tokenBytes = (delimiter: string) => ['"', '\n', '\r', '\r\n', delimiter, '\ufeff', ' ', '""', '0', 'e'].map(textBytes);

export const csvTarget: FuzzTarget = {
  name: 'csv',
  about: 'CSV reader (fast tokenizer and csv-parse path) against csv-parse as the oracle: same cells or both reject',
  makeCase(rng: Rng): FuzzCase {
    const variant = rng.pick(Object.keys(DELIMITERS));
    const delimiter = DELIMITERS[variant];
    let input = textBytes(generate(rng, delimiter));
    if (rng.chance(0.5)) input = mutate(rng, input, { tokens: tokenBytes(delimiter) });
    return { input, variant };
  },
  async check(c: FuzzCase): Promise<void> {
    const delimiter = DELIMITERS[c.variant];
    if (delimiter === undefined) throw new Error(`unknown CSV variant ${c.variant}`);
    const expected = oracle(c.input, delimiter);
    for (const [which, read] of [
      ['readCsv (fast path first)', readCsv],
      ['readCsvSequential (csv-parse path)', readCsvSequential],
    ] as const) {
      let d: Dataset;
      try {
        d = await read(c.input, SOURCE, { delimiter });
      } catch (e) {
        const err = expectUserError(e, SOURCE);
        if (expected.verdict === 'cells') throw new Finding(`${which} rejects a file the oracle reads (${expected.names.length} columns, ${expected.rows.length} rows): ${err.message}`);
        continue;
      }
      checkDatasetShape(d);
      if (expected.verdict === 'reject') throw new Finding(`${which} reads a file the oracle rejects (${expected.why})`);
      compare(which, d, expected.names, expected.rows);
    }
  },
};

type Expected = { verdict: 'reject'; why: string } | { verdict: 'cells'; names: string[]; rows: string[][] };

/** What the file must read as: csv-parse's records under the reader's documented rules. */
function oracle(bytes: Uint8Array, delimiter: string): Expected {
  const reject = (why: string): Expected => ({ verdict: 'reject', why });
  if (!isUtf8(bytes)) return reject('not UTF-8');
  if (bytes.includes(0)) return reject('a NUL byte');
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const magic = (m: number[]) => m.every((b, i) => bytes[i] === b);
  if (magic([0x50, 0x41, 0x52, 0x31]) || magic([0x1f, 0x8b]) || magic([0xff, 0xfe]) || magic([0xfe, 0xff])) return reject('a binary signature');
  if (bytes.subarray(start).every((b) => b === 10 || b === 13 || b === 32 || b === 9)) return reject('blank');
  let records: string[][];
  try {
    records = parse(Buffer.from(bytes), { delimiter, bom: true, relax_quotes: true, relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    return reject(`csv-parse: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (records.length === 0) return reject('no records');
  const names = records[0].map((n, j) => (n.trim() === '' ? `column_${j + 1}` : n));
  if (new Set(names).size !== names.length) return reject('a repeated column name');
  const rows: string[][] = [];
  for (const r of records.slice(1)) {
    if (r.length === names.length) rows.push(r);
    else if (!(r.length === 1 && r[0].trim() === '')) return reject(`a row of ${r.length} fields, the header has ${names.length}`);
  }
  if (rows.length === 0) return reject('no data rows');
  return { verdict: 'cells', names, rows };
}

const NUMBER = /^[ \t]*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[ \t]*$/;
const INF = /^[ \t]*([+-]?)inf(?:inity)?[ \t]*$/i;

/** A cell as a number by the README's rule (pandas' C parser), or undefined when it is text. */
function numberOf(cell: string): number | undefined {
  if (NUMBER.test(cell)) return Number(cell.trim());
  const inf = INF.exec(cell);
  return inf ? (inf[1] === '-' ? -Infinity : Infinity) : undefined;
}

function compare(which: string, d: Dataset, names: string[], rows: string[][]): void {
  const got = d.columns.map((c) => c.name);
  if (JSON.stringify(got) !== JSON.stringify(names)) throw new Finding(`${which}: columns ${JSON.stringify(got)}, the oracle ${JSON.stringify(names)}`);
  if (d.rows !== rows.length) throw new Finding(`${which}: ${d.rows} rows, the oracle ${rows.length}`);
  d.columns.forEach((col, j) => {
    const cells = rows.map((r) => r[j]);
    const present = cells.filter((v) => !MISSING_TOKENS.has(v));
    const numeric = present.every((v) => numberOf(v) !== undefined);
    if ((col.storage === 'numeric') !== numeric) throw new Finding(`${which}: column '${col.name}' is ${col.storage}, the oracle's cells ${JSON.stringify(cells)} say ${numeric ? 'numeric' : 'text'}`);
    cells.forEach((cell, r) => {
      const missing = MISSING_TOKENS.has(cell);
      if (col.storage === 'numeric') {
        const v = col.values[r];
        const want = missing ? NaN : numberOf(cell)!;
        if (v !== want && !(Number.isNaN(v) && Number.isNaN(want))) throw new Finding(`${which}: column '${col.name}' row ${r + 1} is ${v}, the oracle's cell ${JSON.stringify(cell)}`);
      } else {
        const code = col.codes[r];
        const v = code < 0 ? undefined : col.dictionary[code];
        if (missing ? code !== -1 : v !== cell) throw new Finding(`${which}: column '${col.name}' row ${r + 1} is ${JSON.stringify(v)}, the oracle's cell ${JSON.stringify(cell)}`);
      }
    });
  });
}

