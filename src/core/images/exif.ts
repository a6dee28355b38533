/**
 * The two EXIF dates an image-set timeline needs, read from the raw EXIF block libvips hands over
 * (sharp's `metadata().exif`): `DateTimeOriginal` (tag 0x9003, in the Exif sub-IFD that IFD0's tag
 * 0x8769 points to) and `DateTime` (tag 0x0132, in IFD0). The layout is TIFF's (TIFF 6.0 section 2;
 * EXIF 2.32 section 4.6): a byte-order mark (`II` little-endian, `MM` big-endian), 42, the offset
 * of IFD0; an IFD is a 2-byte entry count, 12-byte entries (tag, type, count, value or offset)
 * and the next IFD's offset, which is not followed (the dates are never in a thumbnail's IFD1).
 *
 * Bounded and hostile-safe: at most two IFDs are visited (IFD0 and the Exif IFD, each once, so a
 * pointer loop cannot loop), every offset and count is checked against the block before it is
 * read, an entry count larger than the block can hold is refused, and text is read to at most
 * 64 bytes. A damaged block never throws: it yields what could be read and a `problem` in words.
 * Own code rather than `exif-reader` (README, Dependencies): three tags need about a hundred
 * lines, and damage must come back as a reason per image, not as a RangeError.
 */

/** JPEG's APP1 payload begins with this before the TIFF header (PNG's eXIf chunk does not). */
const EXIF_PREFIX = 'Exif\0\0';

const TAG_DATETIME = 0x0132;
const TAG_EXIF_IFD = 0x8769;
const TAG_DATETIME_ORIGINAL = 0x9003;
const TYPE_ASCII = 2;
const TYPE_LONG = 4;
/** An EXIF date is 19 characters and a NUL; anything longer than this is not one. */
const MAX_TEXT = 64;

export interface ExifDates {
  /** `DateTimeOriginal` as written (trailing NULs and spaces removed), when present as text. */
  readonly original?: string;
  /** `DateTime` (IFD0) as written, when present as text. */
  readonly dateTime?: string;
  /** Why the block could not be read in full (the first problem met); absent when it could. */
  readonly problem?: string;
}

/** Reads the two dates from a raw EXIF block (with or without the `Exif\0\0` prefix). */
export function readExifDates(block: Uint8Array): ExifDates {
  const reader = new Reader(block);
  const found: { original?: string; dateTime?: string } = {};
  try {
    reader.header();
    const ifd0 = reader.ifd(reader.ifd0, 'IFD0');
    const dateTime = ifd0.get(TAG_DATETIME);
    if (dateTime) found.dateTime = reader.text(dateTime, 'DateTime');
    const pointer = ifd0.get(TAG_EXIF_IFD);
    if (pointer) {
      const exif = reader.ifd(reader.long(pointer, 'the Exif IFD pointer'), 'the Exif IFD');
      const original = exif.get(TAG_DATETIME_ORIGINAL);
      if (original) found.original = reader.text(original, 'DateTimeOriginal');
    }
    return found;
  } catch (e) {
    if (!(e instanceof ExifProblem)) throw e;
    return { ...found, problem: e.message };
  }
}

class ExifProblem extends Error {}

interface Entry {
  readonly tag: number;
  readonly type: number;
  readonly count: number;
  /** Where the entry's 4-byte value/offset field is (relative to the TIFF header). */
  readonly field: number;
}

/** Reads within the TIFF part of the block; every read is bounds-checked first. */
class Reader {
  private readonly view: DataView;
  private readonly size: number;
  private little = false;
  ifd0 = 0;

  constructor(block: Uint8Array) {
    const start = tiffStart(block);
    this.view = new DataView(block.buffer, block.byteOffset + start, block.length - start);
    this.size = block.length - start;
  }

  header(): void {
    if (this.size < 8) throw new ExifProblem(`EXIF block too short for a TIFF header (${this.size} bytes)`);
    const mark = this.view.getUint16(0);
    if (mark === 0x4949) this.little = true;
    else if (mark !== 0x4d4d) throw new ExifProblem('EXIF block without a TIFF byte-order mark (II or MM)');
    if (this.u16(2) !== 42) throw new ExifProblem('EXIF block with a bad TIFF header (42 expected)');
    this.ifd0 = this.u32(4);
  }

  /** The entries of the IFD at `at`, by tag (a repeated tag: the first one, as readers do). */
  ifd(at: number, what: string): Map<number, Entry> {
    if (at < 8 || at + 2 > this.size) throw new ExifProblem(`${what} at offset ${at} is outside the ${this.size}-byte EXIF block`);
    const count = this.u16(at);
    if (at + 2 + count * 12 > this.size) throw new ExifProblem(`${what} claims ${count} entries, more than the ${this.size}-byte EXIF block holds`);
    const entries = new Map<number, Entry>();
    for (let i = 0; i < count; i++) {
      const e = at + 2 + i * 12;
      const tag = this.u16(e);
      if (!entries.has(tag)) entries.set(tag, { tag, type: this.u16(e + 2), count: this.u32(e + 4), field: e + 8 });
    }
    return entries;
  }

  long(entry: Entry, what: string): number {
    // Some writers store IFD pointers as type 13 (IFD); both are 4-byte unsigned.
    if ((entry.type !== TYPE_LONG && entry.type !== 13) || entry.count !== 1) throw new ExifProblem(`${what} is not one LONG (type ${entry.type}, count ${entry.count})`);
    return this.u32(entry.field);
  }

  text(entry: Entry, what: string): string {
    if (entry.type !== TYPE_ASCII) throw new ExifProblem(`${what} is not text (TIFF type ${entry.type})`);
    if (entry.count > MAX_TEXT) throw new ExifProblem(`${what} is ${entry.count} bytes long, not a date`);
    // Up to 4 bytes sit in the field itself; longer values at the offset it holds.
    const at = entry.count <= 4 ? entry.field : this.u32(entry.field);
    if (at + entry.count > this.size) throw new ExifProblem(`${what} at offset ${at} runs past the end of the ${this.size}-byte EXIF block`);
    let s = '';
    for (let i = 0; i < entry.count; i++) {
      const c = this.view.getUint8(at + i);
      if (c === 0) break;
      s += String.fromCharCode(c);
    }
    return s.trimEnd();
  }

  private u16(at: number): number {
    if (at + 2 > this.size) throw new ExifProblem(`EXIF block ends at ${this.size} bytes, inside a field at ${at}`);
    return this.view.getUint16(at, this.little);
  }

  private u32(at: number): number {
    if (at + 4 > this.size) throw new ExifProblem(`EXIF block ends at ${this.size} bytes, inside a field at ${at}`);
    return this.view.getUint32(at, this.little);
  }
}

/**
 * Where the TIFF header starts: after `Exif\0\0` (JPEG's APP1, libvips' blocks for WebP and AVIF),
 * at 0 (PNG's eXIf), or after HEIF's 4-byte big-endian offset to it (ISO/IEC 23008-12 Annex A;
 * an Exif item as a HEIF file stores it, should a decoder hand it over unchanged).
 */
function tiffStart(block: Uint8Array): number {
  const at = (k: number, text: string) => k + text.length <= block.length && String.fromCharCode(...block.subarray(k, k + text.length)) === text;
  if (at(0, EXIF_PREFIX)) return EXIF_PREFIX.length;
  if (at(0, 'II') || at(0, 'MM') || block.length < 4) return 0;
  const offset = 4 + (((block[0] << 24) | (block[1] << 16) | (block[2] << 8) | block[3]) >>> 0);
  if (at(offset, EXIF_PREFIX)) return offset + EXIF_PREFIX.length;
  if (at(offset, 'II') || at(offset, 'MM')) return offset;
  return 0;
}

const EXIF_DATE = /^(\d{4})[:-](\d{2})[:-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/**
 * An EXIF date (`2024:03:01 10:20:30`) as ISO-8601 wall-clock text (`2024-03-01T10:20:30`, no
 * offset: the camera's clock as it was set), or undefined when it is not a real date (blank,
 * `0000:00:00 00:00:00`, 31 February, hour 24).
 */
export function exifDateToIso(text: string): string | undefined {
  const m = EXIF_DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}`;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}
