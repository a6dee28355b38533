import { strict as assert } from 'assert';
import { codecPages } from '../fuzz/codecSweep';
import { decodeLz4Block, decompressLz4Hadoop, decompressLz4Raw, Lz4Error } from '../../src/core/read/parquet/lz4';
import { checkZstdFrames, ZstdError } from '../../src/core/read/parquet/zstd';

/**
 * The page decompressors the Parquet reader uses in place of hyparquet-compressors' (issue 13:
 * a one-byte change to an LZ4 page looped for ever; test/fixtures/fuzz/README.md). On
 * valid pages they must give what the library gives; blocks written by hand here follow the LZ4
 * block format (https://github.com/lz4/lz4/blob/dev/doc/lz4_Block_format.md) and RFC 8878's zstd frame header.
 */
const bytes = (...parts: (number | string)[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'number' ? [p] : [...Buffer.from(p, 'latin1')])));
const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('Parquet page codecs: our LZ4 decoder and the zstd frame check', () => {
  it('every LZ4 and LZ4_RAW page of the fixtures decodes to the bytes hyparquet-compressors gives', async () => {
    const library = (await import('hyparquet-compressors')).compressors as Record<string, (input: Uint8Array, size: number) => Uint8Array>;
    const pages = (await codecPages()).filter((p) => p.codec === 'LZ4' || p.codec === 'LZ4_RAW');
    assert.ok(pages.length >= 30, `${pages.length} pages`);
    for (const p of pages) {
      const ours = p.codec === 'LZ4' ? decompressLz4Hadoop(p.bytes, p.size) : decompressLz4Raw(p.bytes, p.size);
      assert.deepEqual(ours, library[p.codec](p.bytes, p.size), p.label);
    }
  });

  it('a block of literals only; a literal length continued in a byte of 15 + 5', () => {
    assert.equal(text(decompressLz4Raw(bytes(0x50, 'hello'), 5)), 'hello');
    assert.equal(text(decompressLz4Raw(bytes(0xf0, 5, 'abcdefghijklmnopqrst'), 20)), 'abcdefghijklmnopqrst');
  });

  it('a match that overlaps what it writes (offset 1 repeats the last byte), then the last literals', () => {
    // 1 literal 'a', a match of 4 + 4 bytes at offset 1, then the last sequence: 1 literal 'b'.
    assert.equal(text(decompressLz4Raw(bytes(0x14, 'a', 1, 0, 0x10, 'b'), 10)), 'aaaaaaaaab');
    // A match length continued in extra bytes: 15 + 2 + 4 = 21 bytes of 'xy' repeated.
    assert.equal(text(decompressLz4Raw(bytes(0x2f, 'xy', 2, 0, 2, 0x00), 23)), 'xy'.repeat(11) + 'x');
  });

  it('refuses an offset of 0, an offset before the start, literals past the block, and output past the page', () => {
    assert.throws(() => decompressLz4Raw(bytes(0x14, 'a', 0, 0, 0x10, 'b'), 10), (e: unknown) => e instanceof Lz4Error && /offset of 0/.test(e.message));
    assert.throws(() => decompressLz4Raw(bytes(0x14, 'a', 2, 0, 0x10, 'b'), 10), /offset of 2 at output byte 1/);
    assert.throws(() => decompressLz4Raw(bytes(0x50, 'ab'), 5), /5 literals at byte 1, the block has 2 bytes left/);
    assert.throws(() => decompressLz4Raw(bytes(0xf0), 40), /literal length runs past the end/);
    assert.throws(() => decompressLz4Raw(bytes(0x50, 'hello'), 3), /would pass the page's declared size of 3/);
    assert.throws(() => decompressLz4Raw(bytes(0x14, 'a', 1, 0, 0x10, 'b'), 6), /a match of 8 bytes would pass/);
  });

  it('a block shorter than the page header declares is an error, not zeros', () => {
    assert.throws(() => decompressLz4Raw(bytes(0x50, 'hello'), 8), /holds 5 bytes, the page header declares 8/);
  });

  it("Hadoop framing: blocks after big-endian sizes; a frame whose sizes do not fit is read as one bare block", () => {
    assert.equal(text(decompressLz4Hadoop(bytes(0, 0, 0, 5, 0, 0, 0, 6, 0x50, 'hello'), 5)), 'hello');
    assert.equal(text(decompressLz4Hadoop(bytes(0, 0, 0, 2, 0, 0, 0, 3, 0x20, 'he', 0, 0, 0, 3, 0, 0, 0, 4, 0x30, 'llo'), 5)), 'hello');
    // A compressed size with its top bit set: hyparquet-compressors read it as -8 and stepped back
    // onto the same header for ever. Here it is 4294967288 bytes, more than the page: not Hadoop.
    assert.throws(() => decompressLz4Hadoop(bytes(0, 0, 0, 0, 0xff, 0xff, 0xff, 0xf8, 0, 0, 0, 0, 0, 0, 0, 0), 16), Lz4Error);
    const out = new Uint8Array(4);
    assert.equal(decodeLz4Block(bytes(0x40, 'abcd'), 0, 5, out, 0), 4);
  });

  it('zstd: the fixtures pass the frame check; a frame claiming more than its page is refused before fzstd allocates it', async () => {
    const pages = (await codecPages()).filter((p) => p.codec === 'ZSTD');
    assert.ok(pages.length >= 30);
    for (const p of pages) checkZstdFrames(p.bytes, p.size);
    const p = pages[0];
    const bigger = p.bytes.slice();
    bigger[4] = 0xa0; // Frame_Content_Size flag 2: four bytes of size, the next ones
    assert.throws(() => checkZstdFrames(bigger, p.size), (e: unknown) => e instanceof ZstdError && /the zstd frames declare \d+ bytes, the page header \d+/.test(e.message));
    // No content size and a window of 2^41 bytes (exponent 31): over libzstd's 2^27 default.
    assert.throws(() => checkZstdFrames(bytes(0x28, 0xb5, 0x2f, 0xfd, 0x00, 31 << 3, 1, 0, 0), 100), /a zstd window of 2199023255552 bytes/);
  });
});
