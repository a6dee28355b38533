import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to `path` so that a reader sees the old file or the whole new one, never a part:
 * the bytes go to a temporary file in the same folder (same file system, so the rename is atomic),
 * named with 96 random bits and created exclusively (O_CREAT | O_EXCL: an existing file or a
 * symlink planted under that name makes the open fail instead of being followed), flushed, then
 * renamed over `path`. On any failure the temporary file is removed.
 */
export async function writeFileAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(12).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}
