import { isUtf8 } from 'node:buffer';
import { DatasetReadError } from './dataset';

/** Length of a UTF-8 byte order mark at the start of `bytes` (3) or 0. */
export function bomLength(bytes: Uint8Array): number {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
}

/** 1-based line of a byte (or char) offset: counts \n, \r\n and lone \r as one break each. */
export function lineAt(text: Uint8Array | string, offset: number): number {
  let line = 1;
  const end = Math.min(offset, text.length);
  if (typeof text === 'string') {
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
    }
  } else {
    for (let i = 0; i < end; i++) {
      const c = text[i];
      if (c === 10 || (c === 13 && text[i + 1] !== 10)) line++;
    }
  }
  return line;
}

/** Offset of the first byte that breaks UTF-8 (or -1). Only run once a fast check has failed. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return i;
    i += need + 1;
  }
  return -1;
}

const hex = (b: number) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);
}

/**
 * Stops binary or non-UTF-8 input before a text reader sees it, with a message that says what
 * the file looks like. `what` names the expected text ("CSV text", "JSON text").
 */
export function checkText(bytes: Uint8Array, source: string, what: string): void {
  if (startsWith(bytes, [0x50, 0x41, 0x52, 0x31])) {
    throw new DatasetReadError(source, `this is a Parquet file, not ${what}; give it a .parquet extension`);
  }
  if (startsWith(bytes, [0x1f, 0x8b])) {
    throw new DatasetReadError(source, `this is a gzip-compressed file, not ${what}; decompress it first`);
  }
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw new DatasetReadError(source, `this is a ZIP archive (an Excel workbook?), not ${what}; export it as CSV`);
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    throw new DatasetReadError(source, `this is UTF-16 text; save it as UTF-8`);
  }
  // indexOf is native, so looking for a NUL costs little even on big files.
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new DatasetReadError(
      source,
      `the file contains a NUL byte, so it is binary, not ${what}`,
      lineAt(bytes, nul),
    );
  }
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    throw new DatasetReadError(
      source,
      `the file is not UTF-8 text: invalid byte ${hex(bytes[at] ?? 0)} (save it as UTF-8)`,
      lineAt(bytes, at),
    );
  }
}
