/*
 * LZ4 for Parquet pages, decoded by us rather than by hyparquet-compressors, whose decoder trusts
 * the bytes: its Hadoop framing reads sizes as signed 32-bit numbers, so one zeroed byte can give
 * a block "-8 bytes long" and send its loop back to the same header for ever
 * (node_modules/hyparquet-compressors/src/lz4.js decompressLz4; test/fixtures/fuzz/parquet/
 * lz4-zero-*.parquet). Every length and offset here is checked against the input and the page
 * header's uncompressed size before it is used, and every loop consumes input or stops, so a
 * page decodes or throws within time linear in its size.
 *
 * The block format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md): a block is a run of sequences. Each starts
 * with a token byte: its high 4 bits are the literal length, its low 4 bits the match length
 * minus 4 (the minimum match). A nibble of 15 continues in the following bytes, each added, until
 * one is not 255. The literals follow; then a 2-byte little-endian offset (0 is invalid, and it
 * may not reach before the start of the output), then the match length's extra bytes. The last
 * sequence holds literals only: the block ends right after them.
 *
 * Parquet's LZ4 codec (deprecated in parquet-format Compression.md in favour of LZ4_RAW) is the
 * block format inside Hadoop's framing: blocks, each after a big-endian 4-byte uncompressed size
 * and 4-byte compressed size. Some writers (older parquet-cpp) wrote a bare block under that
 * codec, so, as Arrow does (cpp/src/arrow/util/compression_lz4.cc, Lz4HadoopCodec), a page that
 * is not a valid Hadoop frame is read as one bare block.
 */

/** A page whose LZ4 bytes cannot be what they claim; pages.ts adds file, column and page. */
export class Lz4Error extends Error {
  override readonly name = 'Lz4Error';
}

/**
 * Decodes one LZ4 block, input[from, to), into output from `at`, never past output.length.
 * Returns the bytes written; throws Lz4Error on a length or offset that does not fit.
 */
export function decodeLz4Block(input: Uint8Array, from: number, to: number, output: Uint8Array, at: number): number {
  let i = from;
  let o = at;
  const outEnd = output.length;
  while (i < to) {
    const token = input[i++];
    let literals = token >>> 4;
    if (literals === 15) {
      let b: number;
      do {
        if (i >= to) throw new Lz4Error('a literal length runs past the end of the block');
        b = input[i++];
        literals += b;
      } while (b === 255);
    }
    if (literals > to - i) throw new Lz4Error(`${literals} literals at byte ${i - from}, the block has ${to - i} bytes left`);
    if (literals > outEnd - o) throw new Lz4Error(`${literals} literals would pass the page's declared size of ${outEnd - at} bytes`);
    output.set(input.subarray(i, i + literals), o);
    i += literals;
    o += literals;
    if (i === to) break; // the last sequence: literals only
    if (to - i < 2) throw new Lz4Error('a match offset runs past the end of the block');
    const offset = input[i] | (input[i + 1] << 8);
    i += 2;
    if (offset === 0 || offset > o - at) throw new Lz4Error(`a match offset of ${offset} at output byte ${o - at}`);
    let match = token & 15;
    if (match === 15) {
      let b: number;
      do {
        if (i >= to) throw new Lz4Error('a match length runs past the end of the block');
        b = input[i++];
        match += b;
      } while (b === 255);
    }
    match += 4;
    if (match > outEnd - o) throw new Lz4Error(`a match of ${match} bytes would pass the page's declared size of ${outEnd - at} bytes`);
    let p = o - offset;
    if (offset >= match) {
      output.copyWithin(o, p, p + match);
      o += match;
    } else {
      // Overlapping: the match repeats bytes it is writing, so byte by byte.
      const end = o + match;
      while (o < end) output[o++] = output[p++];
    }
  }
  return o - at;
}

/** LZ4_RAW: one bare block that must fill exactly the page's declared size. */
export function decompressLz4Raw(input: Uint8Array, outputLength: number): Uint8Array {
  const output = new Uint8Array(outputLength);
  const written = decodeLz4Block(input, 0, input.length, output, 0);
  if (written !== outputLength) throw new Lz4Error(`the LZ4 block holds ${written} bytes, the page header declares ${outputLength}`);
  return output;
}

/** The page as Hadoop-framed blocks, or undefined when its bytes are not such a frame. */
function hadoopFrame(input: Uint8Array, outputLength: number): Uint8Array | undefined {
  const output = new Uint8Array(outputLength);
  let i = 0;
  let o = 0;
  // Each turn moves i forward by at least the 8-byte prefix, so this ends.
  while (input.length - i >= 8) {
    const blockOut = ((input[i] << 24) | (input[i + 1] << 16) | (input[i + 2] << 8) | input[i + 3]) >>> 0;
    const blockIn = ((input[i + 4] << 24) | (input[i + 5] << 16) | (input[i + 6] << 8) | input[i + 7]) >>> 0;
    i += 8;
    if (blockIn > input.length - i || blockOut > outputLength - o) return undefined;
    let written: number;
    try {
      written = decodeLz4Block(input, i, i + blockIn, output.subarray(0, o + blockOut), o);
    } catch {
      return undefined;
    }
    if (written !== blockOut) return undefined;
    i += blockIn;
    o += blockOut;
  }
  return i === input.length && o === outputLength ? output : undefined;
}

/** Parquet's LZ4 codec: Hadoop-framed blocks, else one bare block (see the top of this file). */
export function decompressLz4Hadoop(input: Uint8Array, outputLength: number): Uint8Array {
  return hadoopFrame(input, outputLength) ?? decompressLz4Raw(input, outputLength);
}
