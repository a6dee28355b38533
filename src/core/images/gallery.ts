import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { GalleryImage, ImageGalleryPair } from '../../shared/report';
import type { Dataset } from '../read/dataset';
import { makeThumbnail } from './decode';
import { NUMERIC_PROPERTIES } from './read';

/**
 * The report's images for an image-set comparison: for each numeric property, the current
 * images furthest outside the reference's distribution and typical reference images, with
 * small thumbnails. Thumbnails are files in a cache folder (the panel serves them to the
 * webview), or data: URIs (standalone HTML).
 */

/** Images per side and property. */
export const GALLERY_SIZE = 8;
/** Longest side of a thumbnail, in pixels. */
export const THUMBNAIL_SIZE = 96;
/** Smaller in standalone HTML, which carries them inline. */
export const EMBEDDED_THUMBNAIL_SIZE = 64;

export interface GalleryOptions {
  /** Cache folder for thumbnail files; thumbnails are data: URIs when absent and `embed` is set. */
  readonly thumbnailDir?: string;
  readonly embed?: boolean;
  readonly signal?: AbortSignal;
}

interface Pick {
  readonly file: string;
  readonly root: string;
  readonly value: number;
}

/**
 * How far a value lies outside the reference: 0 within the reference's 5%..95% range, else the
 * distance to that range over the reference's interquartile range (its std when the IQR is 0,
 * 1 when both are). Within the range, ties are broken by the distance to the median, so the
 * order is meaningful even when nothing is outside.
 */
function outsideness(sorted: Float64Array, iqrScale: number, value: number): number {
  const q = (p: number) => quantile(sorted, p);
  const lo = q(0.05);
  const hi = q(0.95);
  const outside = value < lo ? lo - value : value > hi ? value - hi : 0;
  return outside / iqrScale + Math.abs(value - q(0.5)) / iqrScale / 1e6;
}

function quantile(sorted: Float64Array, p: number): number {
  const pos = (sorted.length - 1) * p;
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export async function buildGallery(reference: Dataset, current: Dataset, options: GalleryOptions = {}): Promise<ImageGalleryPair | undefined> {
  const ref = reference.images;
  const cur = current.images;
  if (!ref || !cur || reference.rows === 0 || current.rows === 0) return undefined;
  const picks = new Map<string, { outliers: Pick[]; typical: Pick[] }>();
  for (const name of NUMERIC_PROPERTIES) {
    const rc = reference.columns.find((c) => c.name === name);
    const cc = current.columns.find((c) => c.name === name);
    if (rc?.storage !== 'numeric' || cc?.storage !== 'numeric') continue;
    const sorted = Float64Array.from(rc.values).sort();
    const iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
    const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
    const std = Math.sqrt(sorted.reduce((s, v) => s + (v - mean) ** 2, 0) / sorted.length);
    const scale = iqr > 0 ? iqr : std > 0 ? std : 1;
    const median = quantile(sorted, 0.5);
    const outliers = Array.from(cc.values, (value, row) => ({ row, value, score: outsideness(sorted, scale, value) }))
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, GALLERY_SIZE)
      .map((x) => ({ file: cur.files[x.row], root: cur.root, value: x.value }));
    const typical = Array.from(rc.values, (value, row) => ({ row, value, d: Math.abs(value - median) }))
      .sort((a, b) => a.d - b.d || a.row - b.row)
      .slice(0, GALLERY_SIZE)
      // Shown from low to high, so the strip reads as the reference's middle range.
      .sort((a, b) => a.value - b.value || a.row - b.row)
      .map((x) => ({ file: ref.files[x.row], root: ref.root, value: x.value }));
    picks.set(name, { outliers, typical });
  }
  // One thumbnail per image, however many properties show it.
  const wanted = new Map<string, Pick>();
  for (const p of picks.values()) for (const x of [...p.outliers, ...p.typical]) wanted.set(path.resolve(x.root, x.file), x);
  const thumbs = new Map<string, string | null>();
  const queue = [...wanted.keys()];
  const worker = async () => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
      options.signal?.throwIfAborted();
      thumbs.set(f, await thumbnailFor(f, options));
    }
  };
  await Promise.all([worker(), worker(), worker()]);
  const toImage = (x: Pick): GalleryImage => {
    const file = path.resolve(x.root, x.file);
    return { path: x.file, file, value: x.value, thumbnail: thumbs.get(file) ?? null };
  };
  const properties: ImageGalleryPair['properties'] = Object.create(null) as ImageGalleryPair['properties'];
  for (const [name, p] of picks) properties[name] = { outliers: p.outliers.map(toImage), typical: p.typical.map(toImage) };
  return { referenceRoot: path.resolve(ref.root), currentRoot: path.resolve(cur.root), properties };
}

/** The thumbnail's cache name: the file's path, size and modification time, so an edited image gets a new one. */
async function cacheName(file: string, size: number): Promise<string> {
  const info = await stat(file);
  return `${createHash('sha256').update(`${file}\n${info.size}\n${info.mtimeMs}\n${size}`).digest('hex').slice(0, 32)}.jpg`;
}

async function thumbnailFor(file: string, options: GalleryOptions): Promise<string | null> {
  try {
    if (options.thumbnailDir) {
      const name = await cacheName(file, THUMBNAIL_SIZE);
      const target = path.join(options.thumbnailDir, name);
      const cached = await stat(target).catch(() => undefined);
      if (!cached) {
        await mkdir(options.thumbnailDir, { recursive: true });
        const tmp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        await writeFile(tmp, await makeThumbnail(file, THUMBNAIL_SIZE));
        await rename(tmp, target);
      }
      return name;
    }
    if (options.embed) return `data:image/jpeg;base64,${(await makeThumbnail(file, EMBEDDED_THUMBNAIL_SIZE)).toString('base64')}`;
    return null;
  } catch {
    return null; // the image is listed with its value; only its picture is missing
  }
}

/** The gallery with file thumbnails turned into data: URIs (for a standalone HTML saved from the panel). */
export async function embedThumbnails(gallery: ImageGalleryPair, thumbnailDir: string): Promise<ImageGalleryPair> {
  const cache = new Map<string, string | null>();
  const embed = async (name: string | null): Promise<string | null> => {
    if (name === null || name.startsWith('data:')) return name;
    if (!cache.has(name)) {
      cache.set(name, await readFile(path.join(thumbnailDir, path.basename(name))).then((b) => `data:image/jpeg;base64,${b.toString('base64')}`, () => null));
    }
    return cache.get(name)!;
  };
  const properties: ImageGalleryPair['properties'] = Object.create(null) as ImageGalleryPair['properties'];
  for (const [name, p] of Object.entries(gallery.properties)) {
    const side = async (list: GalleryImage[]) => Promise.all(list.map(async (x) => ({ ...x, thumbnail: await embed(x.thumbnail) })));
    properties[name] = { outliers: await side(p.outliers), typical: await side(p.typical) };
  }
  return { ...gallery, properties };
}
