import { createReadStream } from 'node:fs';
import { LIMITS, limitValue, overLimit } from '../io/limits';
import { pause, throwIfAborted } from './abort';
import { type Column, type Dataset, DatasetReadError, MISSING_TOKENS, type ReadOptions } from './dataset';
import { DictionaryEncoder } from './dictionary';
import { bomLength, checkText } from './text';

/** Records between progress reports and abort checks. */
const BATCH = 20000;

/**
 * One column of JSON values. Numbers and everything else are kept apart while reading (a column
 * is typed only at the end): numbers in a growing Float64Array, the rest dictionary-encoded
 * (booleans as True/False, objects and arrays as their JSON text). null or absent is missing.
 */
class JsonColumn {
  numbers = new Float64Array(0);
  readonly text = new DictionaryEncoder(MISSING_TOKENS);
  hasNumber = false;
  allInteger = true;
  hasBoolean = false;
  /** Non-missing strings, objects or arrays (so not a pure number or boolean column). */
  hasOther = false;

  constructor(readonly name: string) {}

  set(row: number, value: unknown): void {
    if (value === null || value === undefined) return;
    switch (typeof value) {
      case 'number':
        this.setNumber(row, value);
        return;
      case 'boolean':
        this.hasBoolean = true;
        this.text.setAt(row, value ? 'True' : 'False');
        return;
      case 'string':
        this.text.setAt(row, value);
        if (!MISSING_TOKENS.has(value)) this.hasOther = true;
        return;
      default:
        this.hasOther = true;
        this.text.setAt(row, JSON.stringify(value));
    }
  }

  private setNumber(row: number, value: number): void {
    if (row >= this.numbers.length) {
      const next = new Float64Array(Math.max(1024, this.numbers.length * 2, row + 1)).fill(NaN);
      next.set(this.numbers);
      this.numbers = next;
    }
    this.numbers[row] = value;
    this.hasNumber = true;
    if (this.allInteger && !Number.isInteger(value)) this.allInteger = false;
  }

  finish(rows: number): Column {
    const { name } = this;
    const codes = this.text.finish(rows);
    if (!this.hasBoolean && !this.hasOther) {
      // Only numbers (or nothing): numeric. Missing-token strings stay missing.
      const values = new Float64Array(rows).fill(NaN);
      values.set(this.numbers.subarray(0, Math.min(rows, this.numbers.length)));
      return { name, storage: 'numeric', values, integer: this.hasNumber && this.allInteger, infinities: 0 };
    }
    if (!this.hasNumber) {
      const logical = this.hasBoolean && !this.hasOther ? 'boolean' : undefined;
      return { name, storage: 'dictionary', codes, dictionary: this.text.dictionary, ...(logical ? { logical } : {}) };
    }
    // Numbers mixed with text: everything becomes text, numbers as JavaScript prints them.
    const merged = new DictionaryEncoder(MISSING_TOKENS, rows);
    const dict = this.text.dictionary;
    for (let i = 0; i < rows; i++) {
      const n = i < this.numbers.length ? this.numbers[i] : NaN;
      if (!Number.isNaN(n)) merged.push(String(n));
      else if (codes[i] >= 0) merged.push(dict[codes[i]]);
      else merged.pushMissing();
    }
    return { name, storage: 'dictionary', codes: merged.finish(rows), dictionary: merged.dictionary };
  }
}

/** Collects records into columns, in first-seen key order. */
class RecordSink {
  private readonly columns = new Map<string, JsonColumn>();
  private readonly maxColumns = limitValue(LIMITS.columns);
  rows = 0;

  constructor(private readonly source: string) {}

  add(value: unknown, line: number): void {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DatasetReadError(this.source, `this is ${describe(value)}, not a record (a JSON object)`, line);
    }
    const row = this.rows++;
    for (const key of Object.keys(value)) {
      let column = this.columns.get(key);
      if (column === undefined) {
        if (this.columns.size >= this.maxColumns) {
          throw new DatasetReadError(this.source, `the records have ${overLimit(LIMITS.columns)}`, line);
        }
        column = new JsonColumn(key);
        this.columns.set(key, column);
      }
      try {
        column.set(row, (value as Record<string, unknown>)[key]);
      } catch (e) {
        // JSON.stringify of a deeply nested value overflows the stack as JSON.parse does.
        if (e instanceof RangeError) throw new DatasetReadError(this.source, `this record is ${jsonProblem(e).replace(/^it is /, '')}`, line);
        throw e;
      }
    }
  }

  finish(): Column[] {
    return [...this.columns.values()].map((c) => c.finish(this.rows));
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a JSON array';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}

/** V8's JSON.parse message without the quoted input it sometimes repeats. */
function jsonProblem(e: unknown): string {
  // JSON.parse recurses: nesting ten thousand levels deep overflows the stack (finding 6).
  if (e instanceof RangeError) return 'it is nested too deeply to read (thousands of levels of arrays or objects)';
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
}

/** Position V8 gives in a JSON.parse message, if any. */
function jsonErrorPosition(e: unknown): number | undefined {
  const m = e instanceof Error ? /at position (\d+)/.exec(e.message) : null;
  return m ? Number(m[1]) : undefined;
}

function decode(bytes: Uint8Array, source: string): string {
  if (isBlankText(bytes)) {
    throw new DatasetReadError(source, 'the file is empty');
  }
  checkText(bytes, source, 'JSON text');
  // TextDecoder drops the BOM.
  return new TextDecoder().decode(bytes);
}

function isBlankText(bytes: Uint8Array): boolean {
  for (let i = bomLength(bytes); i < bytes.length; i++) {
    const c = bytes[i];
    if (c !== 10 && c !== 13 && c !== 0x20 && c !== 9) return false;
  }
  return true;
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

function finish(source: string, format: 'jsonl' | 'json', sink: RecordSink, warnings: string[]): Dataset {
  if (sink.rows === 0) throw new DatasetReadError(source, 'the file has no records');
  return { source, format, rows: sink.rows, columns: sink.finish(), warnings };
}

/** JSON Lines: one object per line; blank lines are skipped. */
export async function readJsonLines(bytes: Uint8Array, source: string, options: ReadOptions = {}): Promise<Dataset> {
  throwIfAborted(options.signal);
  return parseJsonLines(decode(bytes, source), bytes.length, source, options);
}

async function parseJsonLines(text: string, totalBytes: number, source: string, options: ReadOptions, hint = ''): Promise<Dataset> {
  const sink = new RecordSink(source);
  const maxLine = limitValue(LIMITS.line);
  let blank = 0;
  let line = 0;
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    // The same line limit as the streamed reader (characters: never more than the line's bytes).
    if (end - start > maxLine) throw new DatasetReadError(source, `this line is ${overLimit(LIMITS.line)}`, line);
    const content = text.slice(start, end);
    start = end + 1;
    if (content.trim() === '') {
      if (start < text.length) blank++;
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (e) {
      throw new DatasetReadError(source, `${hint}this line is not valid JSON: ${jsonProblem(e)}`, line);
    }
    sink.add(value, line);
    if (sink.rows % BATCH === 0) {
      // Characters, not bytes, but close enough for a progress bar.
      options.onProgress?.(Math.round((start / text.length) * totalBytes), totalBytes);
      await pause(options.signal);
    }
  }
  options.onProgress?.(totalBytes, totalBytes);
  const warnings = blank > 0 ? [`skipped ${blank} blank line${blank === 1 ? '' : 's'}`] : [];
  return finish(source, 'jsonl', sink, warnings);
}

/**
 * JSON Lines from disk, streamed: a line at a time, so a file of any size is read without one
 * string of it all (V8's strings stop at 512 MiB; finding 6). A line longer than the line limit
 * (LIMITS.line) is an error naming it, rather than a buffer grown for ever.
 */
export async function readJsonLinesFile(path: string, size: number, options: ReadOptions = {}, hint = ''): Promise<Dataset> {
  throwIfAborted(options.signal);
  const maxLine = limitValue(LIMITS.line);
  const sink = new RecordSink(path);
  // ignoreBOM: the file's own BOM is cut below; one starting a later line is text, and JSON.parse
  // refuses it as the in-memory reader does (a fuzz finding: the decoder dropped it on every line).
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let line = 0;
  let blank = 0;
  let trailingBlank = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let read = 0;
  const handle = (bytes: Uint8Array, last: boolean) => {
    line++;
    if (line === 1 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
    let content: string;
    try {
      content = utf8.decode(bytes);
    } catch {
      throw new DatasetReadError(path, 'this line is not UTF-8 text (save the file as UTF-8)', line);
    }
    if (content.trim() === '') {
      // Counted once a line follows (as parseJsonLines: a blank line ending the file is not).
      if (!last) trailingBlank++;
      return;
    }
    blank += trailingBlank;
    trailingBlank = 0;
    let value: unknown;
    try {
      value = JSON.parse(content);
    } catch (e) {
      throw new DatasetReadError(path, `${hint}this line is not valid JSON: ${jsonProblem(e)}`, line);
    }
    sink.add(value, line);
  };
  const tooLong = () => new DatasetReadError(path, `this line is ${overLimit(LIMITS.line)}`, line + 1);
  const stream = createReadStream(path, { signal: options.signal, highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
        if (pendingBytes + nl - start > maxLine) throw tooLong();
        handle(pending.length > 0 ? Buffer.concat([...pending, chunk.subarray(start, nl)]) : chunk.subarray(start, nl), false);
        pending = [];
        pendingBytes = 0;
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > maxLine) throw tooLong();
      }
      read += chunk.length;
      options.onProgress?.(Math.min(read, size), size);
      await pause(options.signal);
    }
  } catch (e) {
    if (e instanceof DatasetReadError || options.signal?.aborted) throw e;
    throw new DatasetReadError(path, `the file cannot be read (${e instanceof Error ? e.message : String(e)})`);
  } finally {
    stream.destroy();
  }
  const tail = pendingBytes > 0;
  if (tail) handle(Buffer.concat(pending), true);
  // Blank lines at the end: each counts when bytes follow its line break.
  blank += tail ? trailingBlank : Math.max(0, trailingBlank - 1);
  if (sink.rows === 0) {
    // Nothing but blank lines (or nothing at all): any other line is a record or an error.
    throw new DatasetReadError(path, 'the file is empty');
  }
  options.onProgress?.(size, size);
  const warnings = blank > 0 ? [`skipped ${blank} blank line${blank === 1 ? '' : 's'}`] : [];
  return finish(path, 'jsonl', sink, warnings);
}

/**
 * A JSON array of records. Elements are cut out and parsed one at a time, so only one record
 * object exists at once and errors name the element's line. A file that starts with `{` is read
 * as JSON Lines (many `.json` files are).
 */
export async function readJsonArray(bytes: Uint8Array, source: string, options: ReadOptions = {}): Promise<Dataset> {
  throwIfAborted(options.signal);
  const text = decode(bytes, source);
  let i = skipSpace(text, 0);
  if (text[i] === '{') {
    return parseJsonLines(text, bytes.length, source, options, 'the file is neither a JSON array of records nor JSON Lines: ');
  }
  if (text[i] !== '[') {
    throw new DatasetReadError(source, 'the file is not a JSON array of records (it should start with [)', countLines(text, 0, i) + 1);
  }
  const sink = new RecordSink(source);
  // Line of a position; positions only move forward, so each line break is found once (a
  // one-line file must not be rescanned per record).
  let line = 1;
  let nextBreak = text.indexOf('\n');
  const lineOf = (pos: number) => {
    while (nextBreak >= 0 && nextBreak < pos) {
      line++;
      nextBreak = text.indexOf('\n', nextBreak + 1);
    }
    return line;
  };
  i = skipSpace(text, i + 1);
  if (text[i] !== ']') {
    for (;;) {
      const start = i;
      const end = endOfValue(text, start);
      const startLine = lineOf(start);
      if (end === undefined) {
        throw new DatasetReadError(source, 'this record is never closed (the file ends inside it)', startLine);
      }
      let value: unknown;
      try {
        value = JSON.parse(text.slice(start, end));
      } catch (e) {
        const pos = jsonErrorPosition(e);
        const where = pos === undefined ? startLine : startLine + countLines(text, start, start + pos);
        throw new DatasetReadError(source, `this is not valid JSON: ${jsonProblem(e)}`, where);
      }
      sink.add(value, startLine);
      if (sink.rows % BATCH === 0) {
        options.onProgress?.(Math.round((end / text.length) * bytes.length), bytes.length);
        await pause(options.signal);
      }
      i = skipSpace(text, end);
      if (text[i] === ',') {
        i = skipSpace(text, i + 1);
        continue;
      }
      if (text[i] === ']') break;
      throw new DatasetReadError(
        source,
        i >= text.length ? 'the JSON array is never closed with ]' : `expected , or ] between records, found ${JSON.stringify(text[i])}`,
        lineOf(Math.min(i, text.length)),
      );
    }
  }
  const after = skipSpace(text, i + 1);
  if (after < text.length) {
    throw new DatasetReadError(source, 'there is more text after the JSON array ends', lineOf(after));
  }
  options.onProgress?.(bytes.length, bytes.length);
  return finish(source, 'json', sink, []);
}

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
    i++;
  }
  return i;
}

/**
 * End (exclusive) of the JSON value starting at `start`: brackets are matched outside strings;
 * a scalar runs to the next `,` `]` or space. undefined when the text ends first. JSON.parse
 * judges the slice afterwards, so this only has to find the boundary.
 */
function endOfValue(text: string, start: number): number | undefined {
  const first = text.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b && first !== 0x22) {
    let i = start;
    while (i < text.length && !/[,\]\s]/.test(text[i])) i++;
    return i;
  }
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped char
      else if (c === 0x22) {
        inString = false;
        if (depth === 0) return i + 1;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}
