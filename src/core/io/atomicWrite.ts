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

/**
 * A file that could not be written (disk full, read-only, no permission): the user's to fix, so
 * its message is for them as is (src/core/errors.ts); `code` is the system's (ENOSPC, EROFS, ...).
 */
export class WriteError extends Error {
  override readonly name = 'WriteError';
  constructor(
    readonly path: string,
    readonly code: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Why writing failed, in words, for the errors a full or read-only disk gives. */
function writeProblem(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOSPC':
      return 'the disk is full (ENOSPC)';
    case 'EDQUOT':
      return 'the disk quota is used up (EDQUOT)';
    case 'EROFS':
      return 'the file system is read-only (EROFS)';
    case 'EACCES':
    case 'EPERM':
      return `permission denied (${e.code})`;
    case 'ENOENT':
      return 'its folder does not exist (ENOENT)';
    default:
      return e.message;
  }
}

/**
 * Writes `content` to `path` atomically (see above). Errors leave `path` as it was and remove the
 * temp file; a file-system error comes back as a WriteError naming the file and the reason.
 */
export async function writeFileAtomic(path: string, content: AtomicContent): Promise<void> {
  const target = resolve(path);
  const tmp = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  // 'wx': fails if the name exists (never follows a planted link); mode as writeFile's default.
  let file;
  try {
    file = await open(tmp, 'wx', 0o666);
  } catch (e) {
    throw asWriteError(path, e);
  }
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
    throw asWriteError(path, e);
  } finally {
    untrack(tmp);
  }
}

function asWriteError(path: string, e: unknown): unknown {
  const err = e as NodeJS.ErrnoException | null;
  if (!err || typeof err.code !== 'string') return e; // not the file system's (e.g. the content's generator)
  return new WriteError(path, err.code, `${path}: cannot be written: ${writeProblem(err)}; the previous file, if any, is unchanged`);
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
