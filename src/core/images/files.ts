import { readdir, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { DatasetReadError } from '../read/dataset';

/**
 * Which paths are image sets, and the image files of one. An image set is a folder (read
 * recursively) or a glob of image files (`photos/**\/*.jpg`). Pure Node, no decoding.
 */

/** Extensions read as images (lower case). AVIF needs the decoder's HEIF support, which sharp's binaries have. */
export const IMAGE_EXTENSIONS: readonly string[] = ['.jpg', '.jpeg', '.jpe', '.jfif', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif'];

const IMAGE_EXTENSION_SET = new Set(IMAGE_EXTENSIONS);

export function isImageFile(file: string): boolean {
  return IMAGE_EXTENSION_SET.has(path.extname(file).toLowerCase());
}

/** True when `spec` has glob characters (`*`, `?`, `[`, `{`). */
export function isGlob(spec: string): boolean {
  return /[*?[{]/.test(spec);
}

/**
 * True for a glob whose files are images by their extension (`photos/**\/*.jpg`,
 * `*.{png,jpg}`): an image set rather than a glob of data files.
 */
export function isImageGlob(spec: string): boolean {
  if (!isGlob(spec)) return false;
  const last = spec.split(/[\\/]/).pop() ?? '';
  const ext = /\.(\{[^}]*\}|[^.{}]+)$/.exec(last)?.[1];
  if (!ext) return false;
  const options = ext.startsWith('{') ? ext.slice(1, -1).split(',') : [ext];
  return options.every((e) => IMAGE_EXTENSION_SET.has(`.${e.trim().toLowerCase()}`));
}

/** True when `spec` is a glob or an existing folder: read as an image set, not a dataset file. */
export async function isImageSetSpec(spec: string): Promise<boolean> {
  if (isGlob(spec)) return true;
  try {
    return (await stat(spec)).isDirectory();
  } catch {
    return false;
  }
}

export interface ImageFileList {
  /** The folder paths are relative to: the folder itself, or a glob's longest wildcard-free prefix. */
  readonly root: string;
  /** Relative paths with `/`, sorted by code unit (so rows are in the same order on every machine). */
  readonly files: readonly string[];
}

/**
 * Lists an image set's files. Folders whose name starts with a dot (.git, editors' caches) are
 * skipped, and so are symbolic links to folders (no loops); links to files are followed.
 */
export async function listImageSet(spec: string): Promise<ImageFileList> {
  const glob = isGlob(spec);
  const root = glob ? globRoot(spec) : spec;
  const match = glob ? globMatcher(path.relative(root, spec).split(path.sep).join('/')) : isImageFile;
  try {
    const info = await stat(root);
    if (!info.isDirectory()) throw new DatasetReadError(spec, glob ? `${root} is not a folder` : 'this is a file, not a folder of images');
  } catch (e) {
    if (e instanceof DatasetReadError) throw e;
    throw new DatasetReadError(spec, glob ? `no such folder: ${root}` : 'no such folder');
  }
  const files: string[] = [];
  await walk(root, '', files, (rel) => isImageFile(rel) && match(rel));
  files.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (files.length === 0) {
    throw new DatasetReadError(spec, `no image files here (${IMAGE_EXTENSIONS.join(' ')})`);
  }
  return { root, files };
}

async function walk(dir: string, rel: string, out: string[], keep: (rel: string) => boolean): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    const childRel = rel ? `${rel}/${e.name}` : e.name;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!e.name.startsWith('.')) await walk(full, childRel, out, keep);
    } else if (e.isFile()) {
      if (keep(childRel)) out.push(childRel);
    } else if (e.isSymbolicLink() && keep(childRel)) {
      const target = await stat(full).catch(() => undefined);
      if (target?.isFile()) out.push(childRel);
    }
  }
}

/** The glob's leading folders without wildcards ("." when it starts with one). */
function globRoot(spec: string): string {
  const parts = spec.split(/[\\/]/);
  const fixed: string[] = [];
  for (const p of parts.slice(0, -1)) {
    if (isGlob(p)) break;
    fixed.push(p);
  }
  if (fixed.length === 0) return '.';
  const joined = fixed.join('/');
  return joined === '' ? '/' : joined;
}

/**
 * A matcher for a relative glob: `**` any folders (or none), `*` and `?` within a name, `[...]`
 * character classes, `{a,b}` alternatives. Case-sensitive, as the shells.
 */
export function globMatcher(glob: string): (rel: string) => boolean {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]*/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        const body = glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        re += `[${body}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((alt) => alt.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]'))
          .join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.+^$()|\\\]}]/g, '\\$&');
  }
  const compiled = new RegExp(`^${re}$`);
  return (rel) => compiled.test(rel);
}
