import { rename, writeFile } from 'node:fs/promises';
import { measureImageSet, PROPERTY_COLUMNS } from '../core/images/read';
import { EMBEDDING_SIZE } from '../core/images/pixels';
import type { ImageFeaturesCommand } from './args';

/**
 * `drift-inspect image-features <folder-or-glob>`: one CSV row per image, its path relative to
 * the folder then the properties (README.md, "Image sets"). Unreadable images go to stderr with
 * their reason; they never stop the others. Numbers are written as JavaScript prints them
 * (shortest round-trip), so reading the CSV back gives the exact doubles.
 */
export async function runImageFeatures(cmd: ImageFeaturesCommand): Promise<number> {
  const header = [
    'path',
    ...PROPERTY_COLUMNS,
    ...(cmd.time ? ['time', 'time_source'] : []),
    ...(cmd.embedding ? Array.from({ length: EMBEDDING_SIZE }, (_, k) => `emb_${k}`) : []),
  ];
  const lines: string[] = [header.join(',')];
  let skipped = 0;
  await measureImageSet(
    cmd.source,
    (row, embedding) => {
      const p = row.properties;
      const cells = [csvField(row.file), ...PROPERTY_COLUMNS.map((c) => (typeof p[c] === 'boolean' ? (p[c] ? 'True' : 'False') : String(p[c])))];
      if (row.time) cells.push(row.time.iso, row.time.source);
      if (row.time?.note) process.stderr.write(`drift-inspect: ${row.file}: ${row.time.note}\n`);
      if (embedding) for (const v of embedding) cells.push(String(v));
      lines.push(cells.join(','));
    },
    (file, reason) => {
      skipped++;
      process.stderr.write(`drift-inspect: ${file}: skipped, ${reason}\n`);
    },
    { embedding: cmd.embedding, time: cmd.time },
  );
  const text = lines.join('\n') + '\n';
  if (cmd.out) {
    // Written whole to a neighbour, then renamed: a reader never sees half a file.
    const tmp = `${cmd.out}.${process.pid}.tmp`;
    await writeFile(tmp, text);
    await rename(tmp, cmd.out);
    process.stderr.write(`drift-inspect: ${lines.length - 1} images written to ${cmd.out}${skipped ? `, ${skipped} skipped` : ''}\n`);
  } else process.stdout.write(text);
  return 0;
}

/** RFC 4180 quoting when a path holds a comma, quote or line break. */
function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
