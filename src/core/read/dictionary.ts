import { MISSING_TOKENS } from './dataset';

/**
 * Dictionary-encodes one column's strings as they arrive: each distinct string gets a code in
 * first-seen order, codes live in a growing Int32Array, missing values are -1.
 */
export class DictionaryEncoder {
  /** Also maps missing tokens to -1, so every value costs one Map lookup. */
  private readonly index = new Map<string, number>();
  private readonly entries: string[] = [];
  private codes: Int32Array;
  private size = 0;
  // Sorted or repetitive columns repeat the previous value; comparing beats hashing a new string.
  private lastValue: string | undefined;
  private lastCode = -1;

  /** `missingTokens`: strings read as missing (CSV/JSON text); Parquet passes an empty set. */
  constructor(
    private readonly missingTokens: ReadonlySet<string> = MISSING_TOKENS,
    capacity = 1024,
  ) {
    // Unwritten rows are missing (-1), never code 0.
    this.codes = new Int32Array(Math.max(16, capacity)).fill(-1);
  }

  get length(): number {
    return this.size;
  }

  get dictionary(): readonly string[] {
    this.formatKeyed();
    return this.entries;
  }

  // Entries added by codeOfKey, whose text is made when the dictionary is read.
  private keyed: Map<number, number> | undefined;
  private pendingKeys: number[] = [];
  private pendingCodes: number[] = [];
  private keyText: ((key: number) => string) | undefined;

  /**
   * The code for a value known by a number (a Parquet timestamp's ticks), adding it when new; its
   * text is `format(key)`, made once per distinct key when the dictionary is read. The caller
   * guarantees that distinct keys format to distinct texts, none of them a text passed to codeOf,
   * and passes the same `format` every time.
   */
  codeOfKey(key: number, format: (key: number) => string): number {
    if (this.settled) return this.codeOf(format(key));
    this.keyed ??= new Map<number, number>();
    let code = this.keyed.get(key);
    if (code === undefined) {
      code = this.entries.push('') - 1;
      this.keyed.set(key, code);
      this.pendingKeys.push(key);
      this.pendingCodes.push(code);
      this.keyText = format;
    }
    return code;
  }

  private settled = false;

  /**
   * Turns the entries added by key into ordinary entries (which codeOf then finds); codeOfKey goes
   * by text from then on. For a reader that mixes both ways of adding the same values.
   */
  settleKeyed(): void {
    this.formatKeyed();
    if (this.keyed) for (const code of this.keyed.values()) this.index.set(this.entries[code], code);
    this.keyed = undefined;
    this.settled = true;
  }

  private formatKeyed(): void {
    const format = this.keyText;
    if (this.pendingKeys.length === 0 || !format) return;
    for (let i = 0; i < this.pendingKeys.length; i++) this.entries[this.pendingCodes[i]] = format(this.pendingKeys[i]);
    this.pendingKeys = [];
    this.pendingCodes = [];
  }

  /** The code for `value` (adding it when new); -1 for a missing token. */
  codeOf(value: string): number {
    if (value === this.lastValue) return this.lastCode;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.missingTokens.has(value) ? -1 : this.entries.push(value) - 1;
      this.index.set(value, code);
    }
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }

  push(value: string): void {
    this.pushCode(this.codeOf(value));
  }

  pushMissing(): void {
    this.pushCode(-1);
  }

  pushCode(code: number): void {
    if (this.size === this.codes.length) this.grow(this.size + 1);
    this.codes[this.size++] = code;
  }

  /** Writes a code (from codeOf) at a row position, growing (with missing) as needed. */
  setCodeAt(row: number, code: number): void {
    if (row >= this.codes.length) this.grow(row + 1);
    this.codes[row] = code;
    if (row >= this.size) this.size = row + 1;
  }

  /** Writes at a row position, growing (with missing) as needed; for readers that fill rows out of order. */
  setAt(row: number, value: string): void {
    if (row >= this.codes.length) this.grow(row + 1);
    this.codes[row] = this.codeOf(value);
    if (row >= this.size) this.size = row + 1;
  }

  /** Codes for rows 0..rows-1 (rows beyond what was pushed are missing). */
  finish(rows = this.size): Int32Array {
    if (rows > this.codes.length) this.grow(rows);
    return rows === this.codes.length ? this.codes : this.codes.slice(0, rows);
  }

  private grow(min: number): void {
    let capacity = this.codes.length * 2;
    while (capacity < min) capacity *= 2;
    const next = new Int32Array(capacity);
    next.set(this.codes.subarray(0, this.size));
    next.fill(-1, this.size);
    this.codes = next;
  }
}
