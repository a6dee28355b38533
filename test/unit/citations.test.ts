import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';

// Comments cite files that exist (the project's style rule: "comments say why and cite files that
// exist"). Every path-like word in a comment of src/, scripts/, test/ and bench/, and in the text
// of README.md and docs/*.md (links to web addresses aside), must name a file or folder of this
// repository, looked up from the commenting file's folder, the repository
// root, src/ and src/core/ (comments cite `prom/exposition/decode.ts` from inside src/core).
// Not checked: upstream sources, which are Python files outside our scripts/ and bench/
// (Evidently's `legacy/calculations/stattests/psi.py`), and what a script makes in a gitignored
// folder (bench/data/).

const ROOT = path.join(__dirname, '..', '..', '..');
const SCANNED = ['src', 'scripts', 'test', 'bench'];
/** Not scanned: other people's files and generated ones. */
const SKIPPED_DIRS = new Set(['node_modules', 'fixtures', 'artifacts', 'data', 'results']);
/** The top-level folders of the repository: a word starting with one of them is a citation. */
const TOP = ['docs', 'src', 'scripts', 'test', 'bench', 'media', 'schemas', 'demo', 'samples'];
const EXTENSIONS = ['ts', 'js', 'mjs', 'cjs', 'md', 'json', 'sh', 'py'];
const BASES = ['', 'src', path.join('src', 'core')];

/** A path with at least one slash and a known extension, or one starting with a top-level folder. */
const CITATION = new RegExp(
  `(?<![\\w./@:-])((?:(?:\\.\\.?/)+|[\\w-]+/)(?:[\\w.-]+/)*[\\w.-]+\\.(?:${EXTENSIONS.join('|')})|(?:${TOP.join('|')})/[\\w./-]*[\\w])(?![\\w/<*-])`,
  'g',
);
// A word followed by `<`, `*` or `-` is a pattern (`bench/results-<cases>.md`, `node-*`), not a path:
// the lookahead above rejects it, since no shorter match can end before a word character or `/`.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return SKIPPED_DIRS.has(e.name) ? [] : sourceFiles(full);
    return /\.(ts|js|mjs|cjs)$/.test(e.name) ? [full] : [];
  });
}

/** The folders .gitignore lists (generated, never committed): a citation into them is not checked. */
function ignoredFolders(): string[] {
  return fs
    .readFileSync(path.join(ROOT, '.gitignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && l.endsWith('/'));
}

/** The paths cited in the comments of one source text. */
export function citedPaths(text: string): string[] {
  const out: string[] = [];
  for (const comment of text.matchAll(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g)) {
    for (const m of comment[0].matchAll(CITATION)) out.push(m[1]);
  }
  return out;
}

/** The paths cited in a Markdown text (web addresses removed first). */
function citedInMarkdown(text: string): string[] {
  return [...text.replace(/https?:\/\/\S+/g, '').matchAll(CITATION)].map((m) => m[1]);
}

function isUpstream(cited: string): boolean {
  return cited.endsWith('.py') && !/^(scripts|bench)\//.test(cited);
}

function exists(cited: string, from: string, ignored: readonly string[]): boolean {
  const normal = path.normalize(cited);
  if (ignored.some((dir) => normal === dir.slice(0, -1) || normal.startsWith(dir))) return true;
  return [path.dirname(from), ...BASES.map((b) => path.join(ROOT, b))].some((base) => fs.existsSync(path.join(base, cited)));
}

describe('source comments cite files that exist', () => {
  it('finds the citations it checks (a comment citing a path, code and strings left alone)', () => {
    // Built from pieces, so that this file's own scan does not read it as a comment.
    const open = '/' + '/';
    const text = `${open} see docs/prometheus.md section 2, ./cursor.ts and bench/results-<cases>.md\nconst x = 'src/nothing.ts';\n/* from prom/exposition/decode.ts */`;
    assert.deepEqual(citedPaths(text), ['docs/prometheus.md', './cursor.ts', 'prom/exposition/decode.ts']);
  });

  it('every cited path exists in the repository', () => {
    const ignored = ignoredFolders();
    const missing: string[] = [];
    let checked = 0;
    for (const file of SCANNED.flatMap((d) => sourceFiles(path.join(ROOT, d)))) {
      for (const cited of citedPaths(fs.readFileSync(file, 'utf8'))) {
        if (isUpstream(cited)) continue;
        checked++;
        if (!exists(cited, file, ignored)) missing.push(`${path.relative(ROOT, file)}: ${cited}`);
      }
    }
    assert.deepEqual(missing, []);
    // The scan found the citations the code base is known to make (a broken pattern finds none).
    assert.ok(checked > 150, `only ${checked} citations found`);
  });

  it('every path README.md and docs/ cite exists in the repository', () => {
    const ignored = ignoredFolders();
    const docs = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join('docs', f))];
    const missing: string[] = [];
    let checked = 0;
    for (const doc of docs) {
      for (const cited of citedInMarkdown(fs.readFileSync(path.join(ROOT, doc), 'utf8'))) {
        if (isUpstream(cited)) continue;
        checked++;
        if (!exists(cited, path.join(ROOT, doc), ignored)) missing.push(`${doc}: ${cited}`);
      }
    }
    assert.deepEqual(missing, []);
    assert.ok(checked > 100, `only ${checked} citations found`);
  });
});
