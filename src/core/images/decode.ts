import { readFile } from 'node:fs/promises';
import type sharpModule from 'sharp';
import { EMBEDDING_SIZE, pixelProperties, type PixelProperties } from './pixels';
import { imageTime, type ImageTime } from './time';

/**
 * Decoding one image file with sharp (libvips) and measuring it. The file is read once into
 * memory (its size is `file_bytes`); libvips decodes from that buffer to 8-bit sRGB, EXIF
 * orientation applied, alpha dropped (not composited: PIL's convert("RGB") does the same), grey
 * spread to R = G = B. An embedded ICC profile is applied (sharp converts to sRGB); PIL ignores
 * it, so the tests' fixtures carry none.
 */

export interface ImageProperties extends PixelProperties {
  width: number;
  height: number;
  aspect_ratio: number;
  megapixels: number;
  file_bytes: number;
  format: string;
  has_alpha: boolean;
}

export interface MeasuredImage {
  readonly properties: ImageProperties;
  /** Filled when asked for (EMBEDDING_SIZE values). */
  readonly embedding?: Float64Array;
  /** Filled when asked for: when the image was taken (time.ts). */
  readonly time?: ImageTime;
}

/** An image that could not be read: the reason is for the user (no stack). */
export class ImageDecodeError extends Error {
  override readonly name = 'ImageDecodeError';
}

// One libvips thread per image: images are decoded side by side instead (read.ts), which uses
// the cores better than splitting one image's small work; the cache would only keep decoded
// images we never look at again.
let loaded: typeof sharpModule | undefined;

/**
 * sharp is loaded on first use, so the CLI and the extension start without its native library
 * (and still work on tabular files where it is missing).
 */
export function loadSharp(): typeof sharpModule {
  if (!loaded) {
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('sharp') as typeof sharpModule;
    } catch (e) {
      throw new ImageDecodeError(
        `the image decoder (sharp, with its libvips binary) cannot be loaded: ${firstLine((e as Error).message)}. ` +
          'Image folders need the platform package of the extension, drift-inspector-linux-x64-<version>.vsix, which carries sharp and libvips ' +
          '(the universal drift-inspector-<version>.vsix does not); from a checkout, run `npm install` and use the drift-inspect CLI',
      );
    }
    loaded.concurrency(1);
    loaded.cache(false);
  }
  return loaded;
}

/** The format as sharp names it, AVIF told apart from other HEIF. */
function formatName(meta: sharpModule.Metadata): string {
  if (meta.format === 'heif') return meta.compression === 'av1' ? 'avif' : 'heif';
  return meta.format ?? 'unknown';
}

export async function measureImage(file: string, options: { embedding?: boolean; time?: boolean } = {}): Promise<MeasuredImage> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw new ImageDecodeError(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : `cannot be read (${(e as Error).message})`);
  }
  let meta: sharpModule.Metadata;
  let raw: { data: Buffer; info: sharpModule.OutputInfo };
  const sharp = loadSharp();
  try {
    // failOn 'warning' (sharp's default, stated): a truncated JPEG or PNG is an error, not grey rows.
    const image = sharp(bytes, { failOn: 'warning', pages: 1 });
    meta = await image.metadata();
    raw = await image.autoOrient().toColourspace('srgb').removeAlpha().raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw new ImageDecodeError(decodeProblem(e));
  }
  const { width, height, channels } = raw.info;
  if (channels !== 3) throw new ImageDecodeError(`decoded to ${channels} channels, not RGB`);
  const embedding = options.embedding ? new Float64Array(EMBEDDING_SIZE) : undefined;
  const pixels = pixelProperties(raw.data, width, height, embedding);
  let time: ImageTime | undefined;
  if (options.time) {
    try {
      time = await imageTime(meta.exif, file);
    } catch (e) {
      // Only the file's stat can fail here (it was removed after being read).
      throw new ImageDecodeError(`its modification time cannot be read (${firstLine((e as Error).message)})`);
    }
  }
  return {
    properties: {
      width,
      height,
      aspect_ratio: width / height,
      megapixels: (width * height) / 1e6,
      file_bytes: bytes.length,
      format: formatName(meta),
      has_alpha: meta.hasAlpha === true,
      ...pixels,
    },
    embedding,
    ...(time ? { time } : {}),
  };
}

/** libvips' messages, shortened to their first line and made readable. */
function decodeProblem(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  if (/unsupported image format/i.test(message)) return 'not an image the decoder knows (unsupported or damaged)';
  if (/premature end|truncated|not enough data|read error|unexpected end/i.test(message)) return `truncated or damaged (${firstLine(message)})`;
  return `cannot be decoded (${firstLine(message)})`;
}

function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim().slice(0, 200);
}

/**
 * A small JPEG of the image (longest side `size` pixels, orientation applied) for the report.
 * JPEG keeps thumbnails a few KB; alpha is flattened on white.
 */
export async function makeThumbnail(file: string, size = 96): Promise<Buffer> {
  return loadSharp()(file, { failOn: 'none', pages: 1 })
    .autoOrient()
    .resize(size, size, { fit: 'inside', withoutEnlargement: true })
    .flatten({ background: '#ffffff' })
    .toColourspace('srgb')
    .jpeg({ quality: 70 })
    .toBuffer();
}
