import { LIMITS, limitValue } from '../../io/limits';
import { MISSING_TOKENS } from '../dataset';
import { isIntegerToken, parseNumberToken } from '../numbers';
import { sampleKey } from '../sample';

/**
 * The fast CSV tokenizer: bytes straight into typed columns, no row objects and no string per
 * cell (numbers are parsed from the bytes, text is dictionary-encoded by hashing the bytes; a
 * string is made once per distinct value). It reads the regular CSV that almost every file is;
 * anything else (ragged rows, a quote inside an unquoted field, mixed line breaks, invalid UTF-8)
 * makes it give up with a reason, and the csv-parse reader (reader.ts) reads the file instead, with
 * its exact messages. So the two never disagree on what a file means.
 */

/** How records end: csv-parse takes the first line break it meets (\r\n before \r). */
export const LF = 1;
export const CRLF = 2;
export const CR = 3;

export interface CsvLayout {
  /** The delimiter's byte. */
  readonly delimiter: number;
  /** LF, CRLF or CR. */
  readonly recordDelimiter: number;
  readonly columns: number;
}

/** Column kinds while reading: numbers parsed as they come, or dictionary codes. */
export const NUMERIC = 0;
export const TEXT = 1;

/** Seeded row sampling: rows whose key is below `threshold` are kept (see sample.ts). */
export interface ChunkSampling {
  readonly seed: number;
  /** Keys are uint32; keep key < threshold (2^32 keeps all). */
  readonly threshold: number;
  /** Index (0-based, data rows) of this chunk's first record in the whole file. */
  readonly firstRow: number;
}

/** One column of one chunk: numbers, or codes into a dictionary local to the chunk. */
export type ChunkColumn =
  | {
      readonly kind: 'numeric';
      readonly values: Float64Array;
      /** No non-integer number token was seen (missing tokens do not count). */
      readonly integer: boolean;
      /** At least one number token was seen. */
      readonly sawNumber: boolean;
      /** With sampling: 1 for rows whose token was a non-integer number (the flag is per row then). */
      readonly nonInteger?: Uint8Array;
    }
  | {
      readonly kind: 'text';
      readonly codes: Int32Array;
      readonly dictionary: string[];
      /** Each entry's hashText, computed while reading: merging chunks need not hash the strings again. */
      readonly hashes: Int32Array;
    };

export interface ChunkResult {
  /** Records in the chunk (kept or not). */
  readonly records: number;
  /** Records stored (all, or the sampled ones). */
  readonly stored: number;
  readonly emptyLines: number;
  readonly columns: ChunkColumn[];
  /** With sampling: each stored row's key and its index in the file. */
  readonly keys?: Uint32Array;
  readonly rowIndex?: Float64Array;
  /** The kinds the chunk ended with (a numeric column that met text is TEXT here). */
  readonly kinds: Uint8Array;
}

const QUOTE = 0x22;
const NL = 10;
const CRB = 13;
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** 10^0 .. 10^22: exact doubles, so digits / 10^k is one correctly rounded division (Clinger). */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

class NumericBuilder {
  values: Float64Array;
  nonInteger: Uint8Array | undefined;
  integer = true;
  sawNumber = false;

  constructor(capacity: number, perRow: boolean) {
    this.values = new Float64Array(capacity);
    this.nonInteger = perRow ? new Uint8Array(capacity) : undefined;
  }

  grow(capacity: number): void {
    const v = new Float64Array(capacity);
    v.set(this.values);
    this.values = v;
    if (this.nonInteger) {
      const f = new Uint8Array(capacity);
      f.set(this.nonInteger);
      this.nonInteger = f;
    }
  }

  finish(rows: number): ChunkColumn {
    return {
      kind: 'numeric',
      values: this.values.subarray(0, rows),
      integer: this.integer,
      sawNumber: this.sawNumber,
      ...(this.nonInteger ? { nonInteger: this.nonInteger.subarray(0, rows) } : {}),
    };
  }
}

/**
 * Dictionary encoder keyed by bytes: an open-addressing table of entry numbers, each entry's
 * bytes kept in an arena (the block they came from is reused). A string is decoded only when an
 * entry is new. Values written with "" escapes go through a string map (their bytes differ).
 */
class TextBuilder {
  codes: Int32Array;
  readonly dictionary: string[] = [];
  /** The previous unquoted value: where it is (in which block) and its code. */
  lastBuffer: Uint8Array | undefined;
  lastStart = 0;
  lastLength = -1;
  lastCode = -1;
  private table = new Int32Array(64);
  private mask = 63;
  private arena = new Uint8Array(1024);
  private arenaUsed = 0;
  private entryStart = new Int32Array(32);
  private entryLength = new Int32Array(32);
  private entryHash = new Int32Array(32);
  private entryCode = new Int32Array(32);
  private entries = 0;
  private escaped: Map<string, number> | undefined;

  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }

  grow(capacity: number): void {
    const c = new Int32Array(capacity);
    c.set(this.codes);
    this.codes = c;
  }

  /** The code of buf[start, end) (hash: its FNV-1a). Small, so it inlines; new values take `insert`. */
  codeOfBytes(buf: Uint8Array, start: number, end: number, hash: number): number {
    const length = end - start;
    const table = this.table;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const e = table[slot] - 1;
      if (e < 0) return this.insert(buf, start, length, hash, slot);
      if (this.entryHash[e] === hash && this.entryLength[e] === length && this.same(e, buf, start, length)) return this.entryCode[e];
      slot = (slot + 1) & mask;
    }
  }

  private same(e: number, buf: Uint8Array, start: number, length: number): boolean {
    const arena = this.arena;
    const at = this.entryStart[e];
    for (let k = 0; k < length; k++) if (arena[at + k] !== buf[start + k]) return false;
    return true;
  }

  private insert(buf: Uint8Array, start: number, length: number, hash: number, slot: number): number {
    const text = Buffer.from(buf.buffer, buf.byteOffset + start, length).toString('utf8');
    const code = this.codeOfNewString(text);
    this.addEntry(buf, start, length, hash, code, slot);
    return code;
  }

  codeOfString(text: string): number {
    this.escaped ??= new Map();
    let code = this.escaped.get(text);
    if (code === undefined) {
      code = this.codeOfNewString(text);
      this.escaped.set(text, code);
    }
    return code;
  }

  private codeOfNewString(text: string): number {
    return MISSING_TOKENS.has(text) ? -1 : this.dictionary.push(text) - 1;
  }

  private addEntry(buf: Uint8Array, start: number, length: number, hash: number, code: number, slot: number): void {
    if (this.arenaUsed + length > this.arena.length) {
      const a = new Uint8Array(Math.max(this.arena.length * 2, this.arenaUsed + length));
      a.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = a;
    }
    this.arena.set(buf.subarray(start, start + length), this.arenaUsed);
    const e = this.entries++;
    if (e === this.entryStart.length) {
      const n = e * 2;
      this.entryStart = grown(this.entryStart, n);
      this.entryLength = grown(this.entryLength, n);
      this.entryHash = grown(this.entryHash, n);
      this.entryCode = grown(this.entryCode, n);
    }
    this.entryStart[e] = this.arenaUsed;
    this.entryLength[e] = length;
    this.entryHash[e] = hash;
    this.entryCode[e] = code;
    this.arenaUsed += length;
    this.table[slot] = e + 1;
    // Keep the table at most half full.
    if (this.entries * 2 > this.table.length) this.rehash(this.table.length * 2);
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    this.mask = size - 1;
    for (let e = 0; e < this.entries; e++) {
      let slot = this.entryHash[e] & this.mask;
      while (this.table[slot] !== 0) slot = (slot + 1) & this.mask;
      this.table[slot] = e + 1;
    }
  }

  finish(rows: number): ChunkColumn {
    const hashes = new Int32Array(this.dictionary.length);
    for (let e = 0; e < this.entries; e++) if (this.entryCode[e] >= 0) hashes[this.entryCode[e]] = this.entryHash[e];
    if (this.escaped) for (const [text, code] of this.escaped) if (code >= 0) hashes[code] = hashText(text);
    return { kind: 'text', codes: this.codes.subarray(0, rows), dictionary: this.dictionary, hashes };
  }
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(size);
  b.set(a);
  return b;
}

/**
 * Parses records from consecutive blocks of one chunk. `feed` takes the bytes available and
 * returns how far it got (always a record boundary); the caller keeps the rest for the next
 * block. It stops early when it gives up (`bail`) or when a NUMERIC column meets text
 * (`restartColumn`: the chunk is read again with that column as TEXT).
 */
export class ChunkParser {
  /** The longest field or row (LIMITS.line); past it the fast path gives up and csv-parse names the line. */
  readonly maxLine = limitValue(LIMITS.line);
  records = 0;
  stored = 0;
  emptyLines = 0;
  bail: string | undefined;
  restartColumn = -1;
  /** The last record ended with a record delimiter (or none was read yet). */
  atRecordStart = true;

  private readonly numeric: Array<NumericBuilder | undefined>;
  private readonly text: Array<TextBuilder | undefined>;
  private capacity: number;
  private keys: Uint32Array | undefined;
  private rowIndex: Float64Array | undefined;

  constructor(
    private readonly layout: CsvLayout,
    private readonly kinds: Uint8Array,
    capacity: number,
    private readonly sampling?: ChunkSampling,
  ) {
    this.capacity = Math.max(16, capacity);
    const perRow = sampling !== undefined;
    this.numeric = Array.from(kinds, (k) => (k === NUMERIC ? new NumericBuilder(this.capacity, perRow) : undefined));
    this.text = Array.from(kinds, (k) => (k === TEXT ? new TextBuilder(this.capacity) : undefined));
    if (sampling) {
      this.keys = new Uint32Array(this.capacity);
      this.rowIndex = new Float64Array(this.capacity);
    }
  }

  private grow(): void {
    this.capacity *= 2;
    for (const b of this.numeric) b?.grow(this.capacity);
    for (const b of this.text) b?.grow(this.capacity);
    if (this.keys && this.rowIndex) {
      const k = new Uint32Array(this.capacity);
      k.set(this.keys);
      this.keys = k;
      const r = new Float64Array(this.capacity);
      r.set(this.rowIndex);
      this.rowIndex = r;
    }
  }

  result(): ChunkResult {
    const rows = this.stored;
    return {
      records: this.records,
      stored: rows,
      emptyLines: this.emptyLines,
      columns: this.kinds.length === 0 ? [] : Array.from(this.kinds, (k, j) => (k === NUMERIC ? this.numeric[j]!.finish(rows) : this.text[j]!.finish(rows))),
      ...(this.keys && this.rowIndex ? { keys: this.keys.subarray(0, rows), rowIndex: this.rowIndex.subarray(0, rows) } : {}),
      kinds: this.kinds.slice(),
    };
  }

  /**
   * Parses the records in buf[pos, end). `final`: end is the end of the chunk, so a last record
   * without a line break ends there. Returns the offset of the first byte not consumed.
   */
  feed(buf: Uint8Array, pos: number, end: number, final: boolean): number {
    const { delimiter, columns } = this.layout;
    const kinds = this.kinds;
    const lastColumn = columns - 1;
    const sampling = this.sampling;
    // The previous values point into the last block, which the caller may have reused.
    for (const tb of this.text) if (tb) tb.lastLength = -1;
    const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    records: while (pos < end) {
      const recordStart = pos;
      let c = buf[pos];
      // An empty line: a record delimiter where a record would start (csv-parse skips it).
      if (c === NL || c === CRB) {
        const n = this.lineBreak(buf, pos, end, final);
        if (n === 0) return recordStart;
        if (n < 0) return this.fail('a line break of another kind than the first one');
        this.emptyLines++;
        pos += n;
        continue;
      }
      if (this.stored === this.capacity) this.grow();
      const row = this.stored;
      let keep = true;
      if (sampling) {
        const key = sampleKey(sampling.seed, sampling.firstRow + this.records);
        keep = key < sampling.threshold;
        if (keep) {
          this.keys![row] = key;
          this.rowIndex![row] = sampling.firstRow + this.records;
        }
      }
      for (let j = 0; j < columns; j++) {
        // ---- one field: pos is its first byte --------------------------------------------
        let fieldEnd: number;
        let stop: number; // the byte after the field (delimiter, line break) or -1 at the end
        c = pos < end ? buf[pos] : -1;
        if (c === QUOTE) {
          // Quoted: up to the closing quote; "" is a quote.
          let p = pos + 1;
          let escapes = false;
          for (;;) {
            const q = buf.indexOf(QUOTE, p);
            if (q < 0 || q >= end) {
              if (final) return this.fail('a quoted field is not closed');
              return recordStart;
            }
            if (q + 1 < end && buf[q + 1] === QUOTE) {
              escapes = true;
              p = q + 2;
              continue;
            }
            if (q + 1 >= end && !final) return recordStart;
            fieldEnd = q;
            break;
          }
          stop = fieldEnd + 1 < end ? buf[fieldEnd + 1] : -1;
          if (stop !== delimiter && stop !== NL && stop !== CRB && stop !== -1) {
            return this.fail('text after a closing quote');
          }
          // A field over the line limit: csv-parse reads the file and reports it with its line.
          if (fieldEnd - pos > this.maxLine) return this.fail('a field longer than the line limit');
          if (keep) {
            if (kinds[j] === TEXT && !escapes) {
              const tb = this.text[j]!;
              tb.codes[row] = tb.codeOfBytes(buf, pos + 1, fieldEnd, hashBytes(buf, pos + 1, fieldEnd));
            } else {
              const raw = Buffer.from(buf.buffer, buf.byteOffset + pos + 1, fieldEnd - pos - 1).toString('utf8');
              const value = escapes ? raw.replaceAll('""', '"') : raw;
              if (kinds[j] === TEXT) {
                const tb = this.text[j]!;
                tb.codes[row] = tb.codeOfString(value);
              } else if (!this.setNumberText(j, row, value)) {
                return this.restart(j);
              }
            }
          }
          pos = fieldEnd + 1;
        } else if (kinds[j] === NUMERIC && keep) {
          // Unquoted number: sign, digits, point, digits; anything else is read from its text.
          let p = pos;
          let negative = false;
          if (c === 0x2d || c === 0x2b) {
            negative = c === 0x2d;
            p++;
          }
          // Digits before the point, then after it; the counts come from positions, so a digit
          // costs a compare and a multiply-add (most cells of a wide file are numbers). Leading
          // zeros add nothing to the mantissa, and at most 15 significant digits is exactly
          // mantissa < 1e15 (exact below it; a longer one rounds to >= 1e15, never below).
          let mantissa = 0;
          let fraction = 0;
          let point = false;
          let b = p < end ? buf[p] : -1;
          const intStart = p;
          while (b >= 0x30 && b <= 0x39) {
            mantissa = mantissa * 10 + (b - 0x30);
            p++;
            b = p < end ? buf[p] : -1;
          }
          let digits = p - intStart;
          if (b === 0x2e) {
            point = true;
            p++;
            b = p < end ? buf[p] : -1;
            const fractionStart = p;
            while (b >= 0x30 && b <= 0x39) {
              mantissa = mantissa * 10 + (b - 0x30);
              p++;
              b = p < end ? buf[p] : -1;
            }
            fraction = p - fractionStart;
            digits += fraction;
          }
          if ((b === delimiter || b === NL || b === CRB || (b === -1 && final)) && digits > 0 && mantissa < 1e15 && fraction <= 22) {
            const magnitude = fraction === 0 ? mantissa : mantissa / POW10[fraction];
            const nb = this.numeric[j]!;
            nb.values[row] = negative ? -magnitude : magnitude;
            nb.sawNumber = true;
            if (point) {
              nb.integer = false;
              if (nb.nonInteger) nb.nonInteger[row] = 1;
            } else if (nb.nonInteger) nb.nonInteger[row] = 0;
            fieldEnd = p;
            stop = b;
          } else {
            fieldEnd = scanField(buf, p, end, delimiter);
            if (fieldEnd === end && !final) return recordStart;
            stop = fieldEnd < end ? buf[fieldEnd] : -1;
            if (stop === QUOTE) return this.fail('a quote inside an unquoted field');
            if (fieldEnd - pos > this.maxLine) return this.fail('a field longer than the line limit');
            const value = fieldEnd === pos ? '' : Buffer.from(buf.buffer, buf.byteOffset + pos, fieldEnd - pos).toString('utf8');
            if (!this.setNumberText(j, row, value)) return this.restart(j);
          }
          pos = fieldEnd;
        } else {
          // Unquoted text (or a skipped row). Sorted or repetitive columns repeat the previous
          // row's value: comparing with it is cheaper than hashing.
          let p = pos;
          let b = c;
          if (keep) {
            const tb = this.text[j]!;
            const n = tb.lastLength;
            if (n >= 0 && tb.lastBuffer === buf && pos + n < end) {
              const from = tb.lastStart;
              // Four bytes at a time, then the rest (timestamps repeat 19 bytes at a time).
              let k = 0;
              while (k + 4 <= n && view.getInt32(from + k, true) === view.getInt32(pos + k, true)) k += 4;
              while (k < n && buf[from + k] === buf[pos + k]) k++;
              const after = buf[pos + n];
              if (k === n && (after === delimiter || after === NL || after === CRB)) {
                tb.codes[row] = tb.lastCode;
                tb.lastStart = pos;
                pos += n;
                stop = after;
                if (j < lastColumn) {
                  if (stop !== delimiter) return this.fail('a row with fewer fields than the header');
                  pos++;
                  continue;
                }
                if (stop === delimiter) return this.fail('a row with more fields than the header');
                const nb = this.lineBreak(buf, pos, end, final);
                if (nb === 0) return recordStart;
                if (nb < 0) return this.fail('a line break of another kind than the first one');
                pos += nb;
                this.atRecordStart = true;
                continue;
              }
            }
          }
          let h = FNV_OFFSET;
          while (b !== delimiter && b !== NL && b !== CRB && b !== QUOTE && b !== -1) {
            h = Math.imul(h ^ b, FNV_PRIME);
            p++;
            b = p < end ? buf[p] : -1;
          }
          if (b === -1 && !final) return recordStart;
          if (b === QUOTE) return this.fail('a quote inside an unquoted field');
          if (p - pos > this.maxLine) return this.fail('a field longer than the line limit');
          if (keep) {
            const tb = this.text[j]!;
            const code = tb.codeOfBytes(buf, pos, p, h);
            tb.codes[row] = code;
            tb.lastBuffer = buf;
            tb.lastStart = pos;
            tb.lastLength = p - pos;
            tb.lastCode = code;
          }
          stop = b;
          pos = p;
        }
        // ---- what ends the field -----------------------------------------------------------
        if (j < lastColumn) {
          if (stop !== delimiter) return this.fail('a row with fewer fields than the header');
          pos++;
        } else if (stop === delimiter) {
          return this.fail('a row with more fields than the header');
        } else if (stop === -1) {
          // The chunk's last record, without a line break.
          this.atRecordStart = false;
        } else {
          const n = this.lineBreak(buf, pos, end, final);
          if (n === 0) return recordStart;
          if (n < 0) return this.fail('a line break of another kind than the first one');
          pos += n;
          this.atRecordStart = true;
        }
      }
      // Every field under the limit, but the row over it (many fields): the same limit for the row.
      if (pos - recordStart > this.maxLine) return this.fail('a row longer than the line limit');
      this.records++;
      if (keep) this.stored++;
      continue records;
    }
    return pos;
  }

  /** Length of the record delimiter at pos (1 or 2), 0 when more bytes are needed, -1 for another kind of line break. */
  private lineBreak(buf: Uint8Array, pos: number, end: number, final: boolean): number {
    const c = buf[pos];
    switch (this.layout.recordDelimiter) {
      case LF:
        return c === NL ? 1 : -1;
      case CR:
        return c === CRB ? 1 : -1;
      default:
        if (c !== CRB) return -1;
        if (pos + 1 >= end) return final ? -1 : 0;
        return buf[pos + 1] === NL ? 2 : -1;
    }
  }

  /** A NUMERIC cell from its text: missing, a number, or false when it is text. */
  private setNumberText(j: number, row: number, value: string): boolean {
    const nb = this.numeric[j]!;
    if (value === '' || MISSING_TOKENS.has(value)) {
      nb.values[row] = NaN;
      if (nb.nonInteger) nb.nonInteger[row] = 0;
      return true;
    }
    const x = parseNumberToken(value);
    if (x === undefined) return false;
    nb.values[row] = x;
    nb.sawNumber = true;
    const whole = isIntegerToken(value);
    if (!whole) nb.integer = false;
    if (nb.nonInteger) nb.nonInteger[row] = whole ? 0 : 1;
    return true;
  }

  private fail(reason: string): number {
    this.bail = reason;
    return -1;
  }

  private restart(column: number): number {
    this.restartColumn = column;
    return -1;
  }
}

/** End of an unquoted field: the first delimiter, line break or quote from p. */
function scanField(buf: Uint8Array, p: number, end: number, delimiter: number): number {
  while (p < end) {
    const b = buf[p];
    if (b === delimiter || b === NL || b === CRB || b === QUOTE) return p;
    p++;
  }
  return p;
}

/** FNV-1a of a text's UTF-8 bytes: the hash the tokenizer gives the same value read from bytes. */
export function hashText(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  return hashBytes(bytes, 0, bytes.length);
}

function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let p = start; p < end; p++) h = Math.imul(h ^ buf[p], FNV_PRIME);
  return h;
}
