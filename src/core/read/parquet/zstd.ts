/*
 * Zstandard pages: the frame headers are checked before hyparquet-compressors' decoder (fzstd)
 * sees them. fzstd allocates its output from a frame's declared content size (or, without one,
 * its window size) before decoding a byte: one changed header byte of a 1 KB page asked it for
 * 82 MB, a few more for 4 GB (node_modules/fzstd/lib/index.js rzfh). The sizes the frames
 * declare must fit the page header's uncompressed size; a window without a content size may not
 * pass 128 MiB, libzstd's own default limit for decoding (ZSTD_WINDOWLOG_LIMIT_DEFAULT = 27).
 *
 * The frame format (RFC 8878 section 3.1.1): a 4-byte magic 0xFD2FB528 (little-endian), then the
 * Frame_Header_Descriptor byte: bits 7-6 the Frame_Content_Size field's size flag, bit 5
 * Single_Segment, bit 3 reserved (0), bit 2 Content_Checksum, bits 1-0 the Dictionary_ID size
 * flag (0, 1, 2 or 4 bytes). Without Single_Segment a Window_Descriptor byte follows: exponent in
 * bits 7-3, mantissa in bits 2-0, window = 2^(10 + exponent) + mantissa * 2^(10 + exponent) / 8.
 * The content size field is 0, 1, 2, 4 or 8 bytes (flag 0: 1 byte if Single_Segment, else none;
 * the 2-byte form is offset by 256). Blocks follow, each after a 3-byte little-endian header:
 * bit 0 Last_Block, bits 2-1 Block_Type (raw, RLE, compressed, reserved), bits 23-3 Block_Size;
 * an RLE block holds one byte; then a 4-byte checksum if Content_Checksum. Skippable frames
 * (magic 0x184D2A50-5F) carry a 4-byte size and are skipped (section 3.1.2).
 */

/** A page whose zstd frames claim what the page cannot hold; pages.ts adds file, column and page. */
export class ZstdError extends Error {
  override readonly name = 'ZstdError';
}

const WINDOW_LIMIT = 2 ** 27;

/** Reads a little-endian unsigned number of `n` bytes at `at` (n <= 8; exact up to 2^53). */
function le(input: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + input[at + i];
  return v;
}

/** Throws when the page's frames declare more than `outputLength` bytes, or an oversized window. */
export function checkZstdFrames(input: Uint8Array, outputLength: number): void {
  let at = 0;
  let declared = 0;
  while (at < input.length) {
    if (input.length - at < 8) throw new ZstdError('a zstd frame header runs past the end of the page');
    const magic = le(input, at, 4);
    if (magic >= 0x184d2a50 && magic <= 0x184d2a5f) {
      const size = le(input, at + 4, 4);
      if (size > input.length - at - 8) throw new ZstdError('a skippable zstd frame runs past the end of the page');
      at += 8 + size;
      continue;
    }
    if (magic !== 0xfd2fb528) throw new ZstdError(`no zstd frame at byte ${at} of the page`);
    const fhd = input[at + 4];
    const single = (fhd >> 5) & 1;
    const fcsFlag = fhd >> 6;
    if (fhd & 8) throw new ZstdError('a zstd frame header with its reserved bit set');
    let p = at + 5;
    let window = 0;
    if (!single) {
      const wd = input[p++];
      const base = 2 ** (10 + (wd >> 3));
      window = base + (base / 8) * (wd & 7);
    }
    p += [0, 1, 2, 4][fhd & 3];
    const fcsBytes = [single ? 1 : 0, 2, 4, 8][fcsFlag];
    if (p + fcsBytes > input.length) throw new ZstdError('a zstd frame header runs past the end of the page');
    const content = fcsBytes === 0 ? undefined : le(input, p, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
    p += fcsBytes;
    if (content !== undefined) {
      declared += content;
      if (declared > outputLength) throw new ZstdError(`the zstd frames declare ${declared} bytes, the page header ${outputLength}`);
    } else if (window > Math.max(WINDOW_LIMIT, outputLength)) {
      throw new ZstdError(`a zstd window of ${window} bytes for a page of ${outputLength}`);
    }
    // The blocks, to find the next frame (a page is almost always one frame).
    for (;;) {
      if (p + 3 > input.length) throw new ZstdError('a zstd block header runs past the end of the page');
      const header = le(input, p, 3);
      const type = (header >> 1) & 3;
      const size = header >>> 3;
      if (type === 3) throw new ZstdError('a zstd block of the reserved type');
      p += 3 + (type === 1 ? 1 : size);
      if (p > input.length) throw new ZstdError('a zstd block runs past the end of the page');
      if (header & 1) break;
    }
    if ((fhd >> 2) & 1) p += 4;
    if (p > input.length) throw new ZstdError('a zstd checksum runs past the end of the page');
    at = p;
  }
}

/** Wraps a zstd page decompressor with the header checks above. */
export function boundedZstd(decompress: (input: Uint8Array, outputLength: number) => Uint8Array) {
  return (input: Uint8Array, outputLength: number): Uint8Array => {
    checkZstdFrames(input, outputLength);
    return decompress(input, outputLength);
  };
}
