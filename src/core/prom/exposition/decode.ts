import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

/**
 * From the bytes of a response or file to exposition text: undo the Content-Encoding (gzip is what
 * Prometheus asks for) within a size limit, then decode UTF-8 while remembering which lines held
 * invalid bytes - the parsers must reject those in label values, and a replacement character
 * alone cannot say whether it was in the input.
 */

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** The body cannot be turned into text (too large, bad compression, unknown encoding). */
export class BodyDecodeError extends Error {
  override readonly name = 'BodyDecodeError';
}

export interface DecodeOptions {
  /** The Content-Encoding header; `gzip`, `x-gzip`, `deflate`, `br` or `identity`. */
  readonly contentEncoding?: string;
  /** Limit on the body, before and after decompression. Default 10 MiB. */
  readonly maxBytes?: number;
}

export interface DecodedText {
  readonly text: string;
  /** 1-based lines that held bytes which are not UTF-8 (they read as U+FFFD in `text`). */
  readonly invalidUtf8Lines: number[];
  /** A byte order mark was removed. */
  readonly bom: boolean;
}

export interface DecodedBody extends DecodedText {
  readonly compression?: 'gzip' | 'deflate' | 'br';
  readonly sniffedGzip: boolean;
}

export type Compression = 'gzip' | 'deflate' | 'br';

/**
 * The compression a Content-Encoding header names (`x-gzip` is gzip's old name): undefined for
 * none (`identity` or empty), 'unsupported' for anything else. Both the whole-body decoder here
 * and the streaming one in prom/http/httpGet.ts read the header through this.
 */
export function compressionOf(contentEncoding: string): Compression | undefined | 'unsupported' {
  const encoding = contentEncoding.trim().toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return 'gzip';
  if (encoding === 'deflate' || encoding === 'br') return encoding;
  return encoding === '' || encoding === 'identity' ? undefined : 'unsupported';
}

function tooLarge(limit: number): BodyDecodeError {
  return new BodyDecodeError(`the body is larger than ${limit} bytes after decompression`);
}

function inflate(kind: 'gzip' | 'deflate' | 'br', body: Uint8Array, maxBytes: number): Uint8Array {
  try {
    const options = { maxOutputLength: maxBytes };
    if (kind === 'gzip') return gunzipSync(body, options);
    if (kind === 'deflate') return inflateSync(body, options);
    return brotliDecompressSync(body, options);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) throw tooLarge(maxBytes);
    throw new BodyDecodeError(`the ${kind} body cannot be decompressed: ${err.message}`);
  }
}

export interface DecompressedBody {
  readonly bytes: Uint8Array;
  /** How the body was compressed, if it was. */
  readonly compression?: 'gzip' | 'deflate' | 'br';
  /** Gzip found by its magic bytes although no Content-Encoding said so (e.g. a `.gz` file). */
  readonly sniffedGzip: boolean;
}

/** Undoes the Content-Encoding (or gzip recognised by its magic bytes), within `maxBytes`. */
export function decompressBody(body: Uint8Array, options: DecodeOptions = {}): DecompressedBody {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (body.length > maxBytes) throw tooLarge(maxBytes);
  const declared = compressionOf(options.contentEncoding ?? '');
  if (declared === 'unsupported') {
    throw new BodyDecodeError(`unsupported Content-Encoding "${(options.contentEncoding ?? '').trim().toLowerCase()}"`);
  }
  let compression = declared;
  let sniffedGzip = false;
  if (!compression && body.length >= 2 && body[0] === 0x1f && body[1] === 0x8b) {
    compression = 'gzip';
    sniffedGzip = true;
  }
  if (!compression) return { bytes: body, sniffedGzip };
  return { bytes: inflate(compression, body, maxBytes), compression, sniffedGzip };
}

/** Bytes as sent -> text: decompression, then UTF-8 with the lines that were not UTF-8. */
export function decodeBody(body: Uint8Array, options: DecodeOptions = {}): DecodedBody {
  const { bytes, ...how } = decompressBody(body, options);
  return { ...decodeUtf8(bytes), ...how };
}

export function decodeUtf8(bytes: Uint8Array): DecodedText {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const content = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content), invalidUtf8Lines: [], bom };
  } catch {
    const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true }).decode(content);
    return { text, invalidUtf8Lines: invalidUtf8Lines(content), bom };
  }
}

/** Lines (1-based) holding a byte sequence that is not well-formed UTF-8 (Unicode table 3-7). */
export function invalidUtf8Lines(bytes: Uint8Array): number[] {
  const lines: number[] = [];
  let line = 1;
  const mark = (): void => {
    if (lines[lines.length - 1] !== line) lines.push(line);
  };
  const cont = (i: number, lo = 0x80, hi = 0xbf): boolean => i < bytes.length && bytes[i] >= lo && bytes[i] <= hi;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n = 0;
    if (b >= 0xc2 && b <= 0xdf) n = cont(i + 1) ? 2 : 0;
    else if (b === 0xe0) n = cont(i + 1, 0xa0) && cont(i + 2) ? 3 : 0;
    else if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) n = cont(i + 1) && cont(i + 2) ? 3 : 0;
    else if (b === 0xed) n = cont(i + 1, 0x80, 0x9f) && cont(i + 2) ? 3 : 0;
    else if (b === 0xf0) n = cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b >= 0xf1 && b <= 0xf3) n = cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    else if (b === 0xf4) n = cont(i + 1, 0x80, 0x8f) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    if (n === 0) {
      mark();
      i++;
    } else i += n;
  }
  return lines;
}
