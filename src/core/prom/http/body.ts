import type * as http from 'node:http';
import * as zlib from 'node:zlib';
import { formatBytes } from '../../format/bytes';
import { compressionOf, type Compression } from '../exposition/decode';
import { failure, networkFailure, redactUrl, type HttpFailure } from './failure';

/**
 * Reading one response body for httpGet: decoding as it streams, and the body limit counted after
 * decoding (what stops a gzip bomb). An error page is only read for its message: cut at 64 KiB.
 */

/** Error pages are only read for their message. */
const ERROR_BODY_BYTES = 64 * 1024;

type Decoder = zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress;

/** The streaming decoder for a body's compression (the whole-body one is prom/exposition/decode.ts). */
function streamDecoder(compression: Compression): Decoder {
  // Output in 1 MiB pieces, not zlib's 16 KiB: each piece is a round trip through the thread pool
  // and the event loop, and a 10 MiB body (or a gzip bomb up to the limit) in 640 round trips
  // missed its deadline when the loop was busy (bench/results-load.md); 10 pieces do not.
  const options = { chunkSize: 1 << 20 };
  if (compression === 'gzip') return zlib.createGunzip(options);
  if (compression === 'deflate') return zlib.createInflate(options);
  return zlib.createBrotliDecompress(options);
}

export interface BodyRead {
  /** Drops the decoder (if any) at once; harmless once the body is complete. */
  destroy(): void;
}

/**
 * Reads `res`'s body and calls `done` with it (decoded) or with why not; `done` may be called more
 * than once (a late stream event after the first outcome): the caller keeps the first.
 * @param success a 2xx answer: past `maxBytes` it fails; any other is cut at min(maxBytes, 64 KiB)
 */
export function readBody(res: http.IncomingMessage, url: URL, maxBytes: number, success: boolean, done: (body: Buffer | HttpFailure) => void): BodyRead {
  const limit = success ? maxBytes : Math.min(maxBytes, ERROR_BODY_BYTES);
  const nothingToDrop: BodyRead = { destroy: () => undefined };
  const tooLarge = (): void =>
    done(failure(`too large (> ${formatBytes(maxBytes)})`, `The body of ${redactUrl(url)} is larger than ${formatBytes(maxBytes)}.`));
  const declared = Number(res.headers['content-length']);
  if (success && Number.isFinite(declared) && declared > maxBytes) {
    tooLarge();
    return nothingToDrop;
  }

  const chunks: Buffer[] = [];
  let rawBytes = 0;
  let bodyBytes = 0;
  let truncated = false;
  const complete = (): void => done(Buffer.concat(chunks));
  const keep = (chunk: Buffer): void => {
    if (truncated) return;
    bodyBytes += chunk.length;
    if (bodyBytes > limit) {
      if (success) return tooLarge();
      // An error page only needs its beginning; stop reading rather than fail.
      chunks.push(chunk.subarray(0, chunk.length - (bodyBytes - limit)));
      truncated = true;
      return complete();
    }
    chunks.push(chunk);
  };

  const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  const compression = compressionOf(encoding);
  if (compression === 'unsupported') {
    res.resume();
    done(failure('unsupported encoding', `Content-Encoding "${encoding}" from ${redactUrl(url)} (only gzip is asked for).`));
    return nothingToDrop;
  }
  const decoder = compression ? streamDecoder(compression) : undefined;
  if (decoder) {
    // Counting the decoder's output is what stops a gzip bomb: a small body that inflates past the limit.
    decoder.on('data', keep);
    decoder.on('end', complete);
    decoder.on('error', (err: Error) =>
      done(failure(`invalid ${encoding}`, `The ${encoding} body of ${redactUrl(url)} could not be decompressed: ${err.message}.`)),
    );
  }
  res.on('data', (chunk: Buffer) => {
    rawBytes += chunk.length;
    if (rawBytes > maxBytes && success) return tooLarge();
    if (decoder) decoder.write(chunk);
    else keep(chunk);
  });
  res.on('end', () => (decoder ? decoder.end() : complete()));
  res.on('error', (err: NodeJS.ErrnoException) => done(networkFailure(err, url)));
  res.on('close', () => {
    if (!res.complete) done(failure('ECONNRESET', `The connection closed before the whole body arrived (GET ${redactUrl(url)}).`));
  });
  return { destroy: () => decoder?.destroy() };
}
