import type { ImageTimeSources } from './report';

/**
 * Where an image set's times came from, in words, for every view of a timeline (terminal table,
 * panel, HTML): "time from EXIF DateTimeOriginal for 12 images, file modification time for 3".
 * Sources no image used are left out.
 */
export function describeImageTimes(t: ImageTimeSources): string {
  const images = (n: number) => `${n} image${n === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (t.exifOriginal) parts.push(`EXIF DateTimeOriginal for ${images(t.exifOriginal)}`);
  if (t.exifDateTime) parts.push(`EXIF DateTime for ${images(t.exifDateTime)}`);
  if (t.modified) parts.push(`file modification time for ${images(t.modified)}`);
  return parts.length ? `time from ${parts.join(', ')}` : 'no image times';
}
