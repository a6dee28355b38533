/**
 * A position in the exposition text with its 1-based line number: the scanning primitives both
 * format parsers share. Blanks are spaces and tabs (the text format's separators); the parsers
 * decide whether a run of them is allowed.
 */
export class Cursor {
  pos = 0;
  line = 1;

  /** `invalidUtf8Lines`: lines whose bytes were not valid UTF-8 (their U+FFFD were not in the input). */
  constructor(
    readonly text: string,
    readonly invalidUtf8Lines: ReadonlySet<number> = new Set(),
  ) {}

  get eof(): boolean {
    return this.pos >= this.text.length;
  }

  /** The character at the cursor ('' at the end). */
  peek(offset = 0): string {
    return this.text.charAt(this.pos + offset);
  }

  atLineEnd(): boolean {
    return this.pos >= this.text.length || this.text.charCodeAt(this.pos) === 10;
  }

  /** Consumes one character. */
  next(): string {
    const ch = this.text.charAt(this.pos++);
    if (ch === '\n') this.line++;
    return ch;
  }

  readBlanks(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c !== 32 && c !== 9) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** Up to the next blank or line end. */
  readToken(): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 10) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** Up to (not including) the line end. */
  readRestOfLine(): string {
    let end = this.text.indexOf('\n', this.pos);
    if (end < 0) end = this.text.length;
    const s = this.text.slice(this.pos, end);
    this.pos = end;
    return s;
  }

  /** Consumes the line end; false when the input ended without one. */
  endLine(): boolean {
    if (this.pos >= this.text.length) return false;
    this.next();
    return true;
  }

  /** Drops the rest of the line, line end included. */
  skipLine(): void {
    this.readRestOfLine();
    this.endLine();
  }

  /** A legacy name: `[a-zA-Z_:][a-zA-Z0-9_:]*` for metrics, without `:` for labels. '' if none here. */
  readLegacyName(kind: 'metric' | 'label'): string {
    const start = this.pos;
    while (this.pos < this.text.length) {
      const c = this.text.charCodeAt(this.pos);
      const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || (kind === 'metric' && c === 58);
      const digit = c >= 48 && c <= 57;
      if (!(letter || (digit && this.pos > start))) break;
      this.pos++;
    }
    return this.text.slice(start, this.pos);
  }

  /** Whether the line holds bytes that were not UTF-8, and `s` carries one of their replacements. */
  hasInvalidUtf8(s: string, line: number): boolean {
    return this.invalidUtf8Lines.has(line) && s.includes('\uFFFD');
  }
}

export interface QuotedString {
  readonly value: string;
  /** False when the line (or input) ended before the closing quote. */
  readonly terminated: boolean;
  /** Escapes other than \\, \" and \n, kept verbatim in `value` (e.g. `\t`). */
  readonly unknownEscapes: string[];
  /** Lines crossed by raw line feeds inside the quotes (only when allowed). */
  readonly rawNewlines: number;
}

/**
 * A double-quoted string starting at the cursor (on the opening quote), unescaping \\, \" and \n.
 * With `allowNewline` a raw line feed is kept as part of the value, as Prometheus' text lexer does.
 */
export function readQuoted(c: Cursor, allowNewline: boolean): QuotedString {
  c.next(); // the opening quote
  let value = '';
  const unknownEscapes: string[] = [];
  let rawNewlines = 0;
  let runStart = c.pos;
  const text = c.text;
  while (c.pos < text.length) {
    const code = text.charCodeAt(c.pos);
    if (code === 34 /* " */) {
      value += text.slice(runStart, c.pos);
      c.next();
      return { value, terminated: true, unknownEscapes, rawNewlines };
    }
    if (code === 10) {
      if (!allowNewline) break;
      rawNewlines++;
      c.next();
      continue;
    }
    if (code === 92 /* \ */) {
      value += text.slice(runStart, c.pos);
      const esc = text.charAt(c.pos + 1);
      if (esc === '\\' || esc === '"') value += esc;
      else if (esc === 'n') value += '\n';
      else if (esc === '' || esc === '\n') {
        // A backslash at the line end: nothing to escape; keep it and let the newline rule decide.
        value += '\\';
        c.pos += 1;
        runStart = c.pos;
        continue;
      } else {
        value += '\\' + esc;
        unknownEscapes.push('\\' + esc);
      }
      c.pos += 2;
      runStart = c.pos;
      continue;
    }
    c.pos++;
  }
  value += text.slice(runStart, c.pos);
  return { value, terminated: false, unknownEscapes, rawNewlines };
}

/** The character at the cursor, for a message: `end of input`, `end of line` or the character quoted. */
export function describeChar(ch: string): string {
  return ch === '' ? 'end of input' : ch === '\n' ? 'end of line' : JSON.stringify(ch);
}
