import { stat } from 'node:fs/promises';
import type { ImageTimeSources } from '../../shared/report';
import { exifDateToIso, readExifDates } from './exif';

/**
 * When an image was taken, for an image-set timeline (issue 12): its EXIF `DateTimeOriginal`, else
 * its EXIF `DateTime`, else the file's modification time. EXIF dates are the camera's wall clock
 * as written (`2024-03-01T10:20:30`, no offset); a modification time is an instant, written in UTC
 * (`2024-03-01T10:20:30.123Z`). The timeline puts each in the period of its wall-clock time as
 * written (src/core/timeline/period.ts), so a modification time counts in UTC days.
 */

export type ImageTimeSource = 'exif-original' | 'exif-datetime' | 'modified';

export interface ImageTime {
  /** ISO-8601 text, as the timeline reads it. */
  readonly iso: string;
  readonly source: ImageTimeSource;
  /** Why an EXIF date was present but not used (a damaged block, a date that is not one). */
  readonly note?: string;
}


/** The time of one image from its raw EXIF block (sharp's metadata().exif, if any) and its file. */
export async function imageTime(exif: Uint8Array | undefined, file: string): Promise<ImageTime> {
  const notes: string[] = [];
  if (exif && exif.length > 0) {
    const dates = readExifDates(exif);
    if (dates.problem) notes.push(`EXIF damaged (${dates.problem})`);
    for (const [text, source, name] of [
      [dates.original, 'exif-original', 'DateTimeOriginal'],
      [dates.dateTime, 'exif-datetime', 'DateTime'],
    ] as const) {
      if (text === undefined) continue;
      const iso = exifDateToIso(text);
      if (iso !== undefined) return notes.length ? { iso, source, note: `${notes.join('; ')}; EXIF ${name} used` } : { iso, source };
      notes.push(`EXIF ${name} '${printable(text)}' is not a date`);
    }
  }
  const modified = (await stat(file)).mtime;
  const iso = modified.toISOString();
  return notes.length ? { iso, source: 'modified', note: `${notes.join('; ')}; file modification time used` } : { iso, source: 'modified' };
}

export function countImageTimes(sources: Iterable<ImageTimeSource>): ImageTimeSources {
  const counts: ImageTimeSources = { exifOriginal: 0, exifDateTime: 0, modified: 0 };
  for (const s of sources) {
    if (s === 'exif-original') counts.exifOriginal++;
    else if (s === 'exif-datetime') counts.exifDateTime++;
    else counts.modified++;
  }
  return counts;
}

/** Control characters of a hostile EXIF text, shown as `?` (the text goes into messages). */
function printable(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}
