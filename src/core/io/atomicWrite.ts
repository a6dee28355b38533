import { randomBytes } from 'node:crypto';
import { constants, unlinkSync } from 'node:fs';
import { access, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/*
 * Files written whole or not at all (issue 13, finding 7): the content goes to a temp file in
 * the target's folder (a random name, created exclusively, so nobody can plant a symlink there
 * in advance), is flushed, then renamed over the target. A rename within one folder is atomic:
 * a reader, a crash, SIGKILL or a second writer sees the old file or the new one, never a mix.
 * On SIGINT/SIGTERM the temp files still being written are removed before the process exits.
 */

/** Temp files being written now: removed if the process is interrupted. */
const pending = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function onSignal(signal: NodeJS.Signals): void {
  for (const tmp of pending) {
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
  }
  pending.clear();
  // The shell's convention for "killed by a signal": 128 + its number.
  process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
}

function track(tmp: string): void {
  if (pending.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  pending.add(tmp);
}

function untrack(tmp: string): void {
  pending.delete(tmp);
  if (pending.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
}

export type AtomicContent = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/** Writes `content` to `path` atomically (see above). Errors leave `path` as it was. */
export async function writeFileAtomic(path: string, content: AtomicContent): Promise<void> {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  // 'wx': fails if the name exists (never follows a planted link); mode as writeFile's default.
  const file = await open(tmp, 'wx', 0o666);
  track(tmp);
  try {
    try {
      if (typeof content === 'string' || content instanceof Uint8Array) await file.writeFile(content);
      else for await (const part of content) await file.write(typeof part === 'string' ? Buffer.from(part) : part);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, target);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    untrack(tmp);
  }
}

/** Why a file cannot be written at `path` (its folder missing, not a folder, not writable), or undefined. */
export async function outputProblem(path: string): Promise<string | undefined> {
  const folder = dirname(resolve(path));
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) return `${folder} is not a folder`;
    await access(folder, constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `the folder ${folder} does not exist`;
    if (code === 'ENOTDIR') return `${folder} is not a folder`;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return `the folder ${folder} is not writable`;
    return `the folder ${folder} cannot be used (${(e as Error).message})`;
  }
  try {
    if ((await stat(path)).isDirectory()) return `${path} is a folder`;
  } catch {
    // no file there yet: fine
  }
  return undefined;
}

/** True when the two paths are one file (the same device and inode: links and `..` included). */
export async function sameFile(a: string, b: string): Promise<boolean> {
  try {
    const [x, y] = await Promise.all([stat(a), stat(b)]);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false; // one of them does not exist
  }
}
