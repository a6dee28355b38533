import { parseArgs } from 'node:util';
import { columnMap, type DriftSettings, type EmbeddingMethodSettings } from '../core/drift/settings';
import { parseEmbeddingMethod } from '../core/stats/embeddings/options';
import type { StrictDialect } from '../core/prom/exposition/issues';
import type { Baseline, Chunking } from '../shared/timeline';

/** Bad command-line usage; the message is printed with the usage hint, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export type OutputFormat = 'table' | 'json' | 'html';

export interface CompareCommand {
  readonly command: 'compare';
  readonly reference: string;
  readonly current: string;
  readonly format: OutputFormat;
  readonly out?: string;
  readonly configPath?: string;
  /** Settings from the command line only (laid over the config file's). */
  readonly settings: DriftSettings;
  readonly failOnDrift: boolean;
  /** Folder of the reference profile cache (--cache). */
  readonly cacheDir?: string;
  /** Sources (src/core/sources): which engine reads files, its memory, the query timeout. */
  readonly engine: 'auto' | 'native' | 'duckdb';
  readonly memoryBudgetMB?: number;
  readonly duckdbMemoryMB?: number;
  readonly timeoutMs?: number;
}

/** `timeline`: every option of compare, plus how to cut the current data into chunks. */
export interface TimelineCommand extends Omit<CompareCommand, 'command'> {
  readonly command: 'timeline';
  readonly chunking: Chunking;
  readonly timeColumn?: string;
  readonly baseline: Baseline;
  readonly minRows?: number;
}

export interface MetricsCommand {
  readonly command: 'metrics';
  /** Exactly one of url and file. */
  readonly url?: string;
  readonly file?: string;
  /** How the file is served (or overrides the response's): picks the grammar. */
  readonly contentType?: string;
  readonly strict: boolean;
  readonly dialect?: StrictDialect;
  readonly format: 'table' | 'json';
}

export interface ImageFeaturesCommand {
  readonly command: 'image-features';
  /** A folder (read recursively) or a glob of image files. */
  readonly source: string;
  readonly out?: string;
  /** Add the no-model embedding's 88 values (emb_0 ...). */
  readonly embedding: boolean;
  /** Add each image's time and where it came from (time, time_source), as a timeline reads them. */
  readonly time: boolean;
}

export interface ProfileCommand {
  readonly command: 'profile';
  readonly source: string;
  /** Default: the source's path + `.driftprofile`. */
  readonly out: string;
  readonly maxDistinct?: number;
  readonly sample?: number;
  readonly sampleSeed?: number;
}

export type Command = CompareCommand | TimelineCommand | MetricsCommand | ImageFeaturesCommand | ProfileCommand | { readonly command: 'help' } | { readonly command: 'version' };

export const USAGE = `Usage: drift-inspect compare <reference-source> <current-source> [options]
       drift-inspect timeline <reference-source> <current-source> (--period P | --chunk-size N | --chunks K) [options]
       drift-inspect profile <source-file> [--out FILE.driftprofile] [--max-distinct N] [--sample N]
       drift-inspect image-features <folder-or-glob> [--out FILE.csv] [--image-embedding] [--image-time]
       drift-inspect metrics <url> | --file F [--content-type TYPE] [--strict] [--format table|json]

Compares two datasets for data drift with Evidently's default tests, thresholds and verdicts.
A source is a file (CSV/TSV, Parquet, JSON Lines, JSON array), a quoted glob of files
('logs/2026-*.parquet', read by DuckDB), or a URI:
  postgres://USER@HOST:PORT/DB?table=NAME      (or ?query=URL-encoded SQL; password: PGPASSWORD)
  clickhouse://HOST:PORT/DB?table=NAME         (HTTP port; or ?query=; password: CLICKHOUSE_PASSWORD)
  duckdb:PATH/FILE.duckdb?table=NAME           (or duckdb:?query=SQL over files)
or a profile file (FILE.driftprofile, written by the profile command): the same tests, scores
and verdicts as the data it was made from.
 
A folder (read recursively) or a quoted glob
of images (JPEG, PNG, WebP, GIF, TIFF, AVIF) is an image set: its rows are images, its columns
their properties (width, height, brightness, contrast, sharpness...; see README.md).

Options:
  --format table|json|html   output format (default: table)
  --out FILE                 write the output to FILE instead of stdout
  --config FILE              settings file (default: ./drift.config.json when present)
  --columns a,b              only these columns
  --exclude c,d              leave these columns out
  --method ID                test for every column (e.g. psi, wasserstein, ks)
  --num-method ID            test for numerical columns
  --cat-method ID            test for categorical columns
  --text-method ID           test for text columns
  --threshold V              threshold for every column
  --num-threshold V          threshold for numerical columns
  --cat-threshold V          threshold for categorical columns
  --text-threshold V         threshold for text columns
  --column-method col=ID     test for one column (repeatable)
  --column-threshold col=V   threshold for one column (repeatable)
  --drift-share V            dataset drift when drifted/tested >= V (default 0.5)
  --correction M             none | bonferroni | benjamini-hochberg (p-value tests)
  --bins N                   bins for psi/jensenshannon/kl_div on continuous columns
  --sample N                 read only a seeded uniform sample of N rows of each file
  --sample-seed S            seed of the sample (default 42)
  --cache DIR                keep the reference's profile in DIR: later runs against the
                             same reference (same file, or same content) skip reading it
  --max-distinct N           distinct numbers a column's profile keeps exactly per side (default
                             1000000); above it values are truncated and scores marked approximate
  --embeddings name=cols     test these numeric columns (a,b,c or prefix_*) as one embedding;
                             a single column of JSON arrays is a vector column (repeatable)
  --embedding-method M       distance (default) | ratio | mmd, with options as
                             'mmd,pca_components=10,bootstrap=true,quantile_probability=0.95'
                             or 'distance,dist=cosine,threshold=0.2'
  --image-embedding          image sets: add each image's no-model embedding (8x8 luma
                             thumbnail + 3x8-bin colour histogram) as image_embedding
  --engine auto|native|duckdb  engine for files (default auto: native when the files fit
                             --memory-budget, else DuckDB, which spills to disk)
  --memory-budget MB         auto's limit for reading files natively (default 2048)
  --duckdb-memory MB         DuckDB's memory_limit (default 512)
  --timeout S                give up on a server or DuckDB query after S seconds (default 300)
  --fail-on-drift            exit 1 when the dataset drifts (timeline: in the last chunk)

profile: reads one dataset file and writes its profile (per column: counts, min, max, moments and
the value counts; no rows) to --out FILE, default <source>.driftprofile. Profile the training data
once, then compare every new batch against the file. Takes --max-distinct, --sample, --sample-seed.

timeline: cuts the current data into chunks and compares each with the reference, as compare would.
  --period P                 1h, 1d, 1w (ISO week, Monday-Sunday), 1M, 1Q or 1y on the time column
                             (wall-clock time as written; a zoned timestamp in its own offset)
  --chunk-size N             N rows per chunk in file order (the remainder joins the last chunk)
  --chunks K                 K chunks of equal size in file order (the remainder joins the last)
  --time-column COL          the column periods are read from (default: the one date column;
                             image folders: 'time', each image's EXIF date or file time)
  --baseline B               reference (default) or previous: each chunk against the one before
  --min-rows N               fewer values than this in a chunk: not tested (default 20)
  -h, --help                 show this help
  -v, --version              show the version

image-features: one CSV row per image (path relative to the folder, then its properties);
unreadable images are listed on stderr with their reason and skipped.
  --image-time               add time and time_source: the EXIF DateTimeOriginal, EXIF DateTime or
                             file modification time a timeline cuts the images by

metrics: reads a Prometheus text 0.0.4 / OpenMetrics 1.0 exposition from a URL (as Prometheus
scrapes it, gzip included) or a file (.gz too) and prints its families, samples and lint warnings.
  --file F                   read F instead of a URL
  --content-type TYPE        how the file is served, e.g. 'application/openmetrics-text; version=1.0.0'
                             or 'text/plain; version=0.0.4' (default: guessed from the file, and said so)
  --strict                   reject what the format's reference parser rejects (expfmt for text, the
                             OpenMetrics conformance suite for OpenMetrics): exit 2 with 'line N: ...'
  --dialect prometheus       with --strict: judge as the Prometheus server's own parsers do instead
  --format table|json        output format (default: table)

Exit codes: 0 ran, 1 dataset drift with --fail-on-drift, 2 bad usage or bad input
(for metrics: an input rejected in strict mode, or a URL that cannot be scraped).`;

export function parseCommandLine(argv: string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        out: { type: 'string' },
        config: { type: 'string' },
        columns: { type: 'string' },
        exclude: { type: 'string' },
        method: { type: 'string' },
        'num-method': { type: 'string' },
        'cat-method': { type: 'string' },
        'text-method': { type: 'string' },
        threshold: { type: 'string' },
        'num-threshold': { type: 'string' },
        'cat-threshold': { type: 'string' },
        'text-threshold': { type: 'string' },
        'column-method': { type: 'string', multiple: true },
        'column-threshold': { type: 'string', multiple: true },
        'drift-share': { type: 'string' },
        correction: { type: 'string' },
        bins: { type: 'string' },
        'fail-on-drift': { type: 'boolean' },
        embeddings: { type: 'string', multiple: true },
        'embedding-method': { type: 'string' },
        'image-embedding': { type: 'boolean' },
        'image-time': { type: 'boolean' },
        sample: { type: 'string' },
        'sample-seed': { type: 'string' },
        cache: { type: 'string' },
        'max-distinct': { type: 'string' },
        engine: { type: 'string' },
        'memory-budget': { type: 'string' },
        'duckdb-memory': { type: 'string' },
        timeout: { type: 'string' },
        file: { type: 'string' },
        'content-type': { type: 'string' },
        strict: { type: 'boolean' },
        dialect: { type: 'string' },
        'time-column': { type: 'string' },
        period: { type: 'string' },
        'chunk-size': { type: 'string' },
        chunks: { type: 'string' },
        baseline: { type: 'string' },
        'min-rows': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify.*$/s, ''));
  }
  const { values: o, positionals } = parsed;
  if (o.help) return { command: 'help' };
  if (o.version) return { command: 'version' };
  const [command, ...files] = positionals;
  if (command === undefined) throw new UsageError('no command given (try: drift-inspect compare ref.csv cur.csv)');
  if (command === 'metrics') return metricsCommand(o, files);
  if (command === 'image-features') return imageFeaturesCommand(o, files);
  if (command === 'profile') return profileCommand(o, files);
  if (command !== 'compare' && command !== 'timeline') throw new UsageError(`unknown command '${command}' (known: compare, timeline, profile, image-features, metrics)`);
  for (const flag of METRICS_ONLY) if (o[flag] !== undefined) throw new UsageError(`--${flag} is an option of the metrics command`);
  if (o['image-time'] !== undefined) throw new UsageError('--image-time is an option of the image-features command (a timeline reads image times by itself)');
  if (command === 'compare') for (const flag of TIMELINE_ONLY) if (o[flag] !== undefined) throw new UsageError(`--${flag} is an option of the timeline command`);
  if (files.length !== 2) throw new UsageError(`${command} needs two files (or other sources), a reference and a current one (got ${files.length})`);
  const engine = o.engine ?? 'auto';
  if (engine !== 'auto' && engine !== 'native' && engine !== 'duckdb') throw new UsageError(`--engine must be auto, native or duckdb, not '${o.engine}'`);

  const format = (o.format ?? 'table') as OutputFormat;
  if (!['table', 'json', 'html'].includes(format)) throw new UsageError(`--format must be table, json or html, not '${o.format}'`);

  const settings: DriftSettings = {
    columns: list(o.columns),
    exclude: list(o.exclude),
    method: o.method,
    numMethod: o['num-method'],
    catMethod: o['cat-method'],
    textMethod: o['text-method'],
    threshold: num('--threshold', o.threshold),
    numThreshold: num('--num-threshold', o['num-threshold']),
    catThreshold: num('--cat-threshold', o['cat-threshold']),
    textThreshold: num('--text-threshold', o['text-threshold']),
    perColumnMethod: pairs('--column-method', o['column-method'], (v) => v),
    perColumnThreshold: pairs('--column-threshold', o['column-threshold'], (v, flag) => num(flag, v)!),
    driftShare: num('--drift-share', o['drift-share']),
    correction: correction(o.correction),
    bins: bins(o.bins),
    sample: sampleSize(o.sample),
    sampleSeed: sampleSeed(o['sample-seed']),
    profileMaxDistinct: maxDistinct(o['max-distinct']),
    embeddings: embeddingGroups(o.embeddings),
    embeddingMethod: o['embedding-method'] === undefined ? undefined : parseEmbeddingMethodOption(o['embedding-method']),
    imageEmbedding: o['image-embedding'] === true ? true : undefined,
  };
  if (settings.driftShare !== undefined && (settings.driftShare < 0 || settings.driftShare > 1)) {
    throw new UsageError('--drift-share must be from 0 to 1');
  }
  const compare: CompareCommand = {
    command: 'compare',
    reference: files[0],
    current: files[1],
    format,
    out: o.out,
    configPath: o.config,
    settings,
    failOnDrift: o['fail-on-drift'] ?? false,
    ...(o.cache !== undefined ? { cacheDir: o.cache } : {}),
    engine,
    ...positive('--memory-budget', o['memory-budget'], (v) => ({ memoryBudgetMB: v })),
    ...positive('--duckdb-memory', o['duckdb-memory'], (v) => ({ duckdbMemoryMB: v })),
    ...positive('--timeout', o.timeout, (v) => ({ timeoutMs: v * 1000 })),
  };
  return command === 'compare' ? compare : timelineCommand(compare, o);
}

const TIMELINE_ONLY = ['time-column', 'period', 'chunk-size', 'chunks', 'baseline', 'min-rows'] as const;

function timelineCommand(compare: CompareCommand, o: ParsedValues): TimelineCommand {
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const given = (['period', 'chunk-size', 'chunks'] as const).filter((k) => str(k) !== undefined);
  if (given.length !== 1) {
    throw new UsageError(
      given.length === 0 ? 'timeline needs one of --period P, --chunk-size N or --chunks K' : `--${given.join(' and --')} cannot be used together: pick one`,
    );
  }
  const whole = (flag: string, v: string) => {
    const n = Number(v);
    if (v.trim() === '' || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`--${flag} must be a whole number, at least 1, not '${v}'`);
    return n;
  };
  let chunking: Chunking;
  const period = str('period');
  const size = str('chunk-size');
  const count = str('chunks');
  if (period !== undefined) {
    if (!/^1?[hdwMQy]$/.test(period)) throw new UsageError(`--period must be 1h, 1d, 1w, 1M, 1Q or 1y, not '${period}'`);
    chunking = { by: 'period', period: period.length === 1 ? `1${period}` : period };
  } else if (size !== undefined) chunking = { by: 'size', size: whole('chunk-size', size) };
  else chunking = { by: 'count', count: whole('chunks', count!) };
  const baseline = str('baseline') ?? 'reference';
  if (baseline !== 'reference' && baseline !== 'previous') throw new UsageError(`--baseline must be reference or previous, not '${baseline}'`);
  const minRows = str('min-rows');
  const timeColumn = str('time-column');
  return {
    ...compare,
    command: 'timeline',
    chunking,
    baseline,
    ...(timeColumn !== undefined ? { timeColumn } : {}),
    ...(minRows !== undefined ? { minRows: whole('min-rows', minRows) } : {}),
  };
}

const IMAGE_FEATURES_OPTIONS = new Set<string>(['out', 'image-embedding', 'image-time', 'help', 'version']);

function imageFeaturesCommand(o: ParsedValues, positionals: string[]): ImageFeaturesCommand {
  for (const [flag, value] of Object.entries(o)) {
    if (value !== undefined && !IMAGE_FEATURES_OPTIONS.has(flag)) throw new UsageError(`--${flag} is not an option of the image-features command`);
  }
  if (positionals.length !== 1) throw new UsageError(`image-features takes one folder or glob (got ${positionals.length})`);
  return {
    command: 'image-features',
    source: positionals[0],
    ...(typeof o.out === 'string' ? { out: o.out } : {}),
    embedding: o['image-embedding'] === true,
    time: o['image-time'] === true,
  };
}

function embeddingGroups(items: string[] | undefined): Record<string, string[]> | undefined {
  if (!items) return undefined;
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new UsageError(`--embeddings takes name=col1,col2 or name=prefix_*, not '${item}'`);
    const cols = item.slice(eq + 1).split(',').map((c) => c.trim()).filter(Boolean);
    out[item.slice(0, eq)] = cols;
  }
  return out;
}

function parseEmbeddingMethodOption(v: string): EmbeddingMethodSettings {
  try {
    return parseEmbeddingMethod(v);
  } catch (e) {
    throw new UsageError(`--embedding-method: ${(e as Error).message}`);
  }
}

function positive<T>(flag: string, v: string | undefined, make: (n: number) => T): T | object {
  if (v === undefined) return {};
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, not '${v}'`);
  return make(n);
}

function list(v: string | undefined): string[] | undefined {
  return v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean);
}

function num(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`${flag} must be a number, not '${v}'`);
  return x;
}

function pairs<T>(flag: string, items: string[] | undefined, convert: (v: string, flag: string) => T): Record<string, T> | undefined {
  if (!items) return undefined;
  // Keyed by column names from the user: a null-prototype map (see columnMap).
  const out = new Map<string, T>();
  for (const item of items) {
    const eq = item.lastIndexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new UsageError(`${flag} takes column=value, not '${item}'`);
    out.set(item.slice(0, eq), convert(item.slice(eq + 1), `${flag} ${item.slice(0, eq)}`));
  }
  return columnMap(Object.fromEntries(out));
}

function correction(v: string | undefined): DriftSettings['correction'] {
  if (v === undefined) return undefined;
  if (v === 'none' || v === 'bonferroni' || v === 'benjamini-hochberg') return v;
  throw new UsageError(`--correction must be none, bonferroni or benjamini-hochberg, not '${v}'`);
}

function bins(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 2 || n > 1000) throw new UsageError(`--bins must be a whole number from 2 to 1000, not '${v}'`);
  return n;
}

const PROFILE_OPTIONS = new Set<string>(['out', 'max-distinct', 'sample', 'sample-seed', 'help', 'version']);

function profileCommand(o: ParsedValues, positionals: string[]): ProfileCommand {
  for (const [flag, value] of Object.entries(o)) {
    if (value !== undefined && !PROFILE_OPTIONS.has(flag)) throw new UsageError(`--${flag} is not an option of the profile command`);
  }
  if (positionals.length !== 1) throw new UsageError(`profile takes one dataset file (got ${positionals.length})`);
  const source = positionals[0];
  const out = typeof o.out === 'string' ? o.out : `${source}.driftprofile`;
  if (!out.toLowerCase().endsWith('.driftprofile')) throw new UsageError(`--out must end in .driftprofile (compare recognises profiles by it), not '${out}'`);
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const max = maxDistinct(str('max-distinct'));
  const sample = sampleSize(str('sample'));
  const seed = sampleSeed(str('sample-seed'));
  return {
    command: 'profile',
    source,
    out,
    ...(max === undefined ? {} : { maxDistinct: max }),
    ...(sample === undefined ? {} : { sample }),
    ...(seed === undefined ? {} : { sampleSeed: seed }),
  };
}

function maxDistinct(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--max-distinct must be a whole number, at least 1, not '${v}'`);
  return n;
}

const METRICS_ONLY = ['file', 'content-type', 'strict', 'dialect'] as const;
/** Everything else belongs to compare; an allow-list keeps it right when compare gains options. */
const METRICS_OPTIONS = new Set<string>([...METRICS_ONLY, 'format', 'help', 'version']);

type ParsedValues = { readonly [option: string]: string | boolean | string[] | undefined };

function metricsCommand(o: ParsedValues, positionals: string[]): MetricsCommand {
  for (const [flag, value] of Object.entries(o)) {
    if (value !== undefined && !METRICS_OPTIONS.has(flag)) throw new UsageError(`--${flag} is not an option of the metrics command`);
  }
  const file = typeof o.file === 'string' ? o.file : undefined;
  if (positionals.length > 1) throw new UsageError(`metrics takes one URL (got ${positionals.length} arguments)`);
  const url = positionals[0];
  if ((url === undefined) === (file === undefined)) throw new UsageError('metrics needs a URL or --file F (one of them)');
  const format = o.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format must be table or json for metrics, not '${String(format)}'`);
  const dialect = o.dialect;
  if (dialect !== undefined && dialect !== 'reference' && dialect !== 'prometheus') {
    throw new UsageError(`--dialect must be reference or prometheus, not '${String(dialect)}'`);
  }
  if (dialect !== undefined && o.strict !== true) throw new UsageError('--dialect goes with --strict');
  const contentType = typeof o['content-type'] === 'string' ? o['content-type'] : undefined;
  return {
    command: 'metrics',
    ...(url === undefined ? {} : { url }),
    ...(file === undefined ? {} : { file }),
    ...(contentType === undefined ? {} : { contentType }),
    strict: o.strict === true,
    ...(dialect === undefined ? {} : { dialect }),
    format,
  };
}

function sampleSize(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--sample must be a whole number of rows, at least 1, not '${v}'`);
  return n;
}

function sampleSeed(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new UsageError(`--sample-seed must be a whole number from 0 to 4294967295, not '${v}'`);
  }
  return n;
}
