import { parseArgs } from 'node:util';
import type { DriftSettings } from '../core/drift/settings';
import type { StrictDialect } from '../core/prom/issues';

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

export interface ProfileCommand {
  readonly command: 'profile';
  readonly source: string;
  /** Default: the source's path + `.driftprofile`. */
  readonly out: string;
  readonly maxDistinct?: number;
  readonly sample?: number;
  readonly sampleSeed?: number;
}

export type Command = CompareCommand | MetricsCommand | ProfileCommand | { readonly command: 'help' } | { readonly command: 'version' };

export const USAGE = `Usage: drift-inspect compare <reference> <current> [options]
       drift-inspect profile <source> [--out FILE] [--max-distinct N] [--sample N] [--sample-seed S]
       drift-inspect metrics <url> | --file F [--content-type TYPE] [--strict] [--format table|json]

Compares two dataset files (CSV/TSV, Parquet, JSON Lines, JSON array) for data drift with
Evidently's default tests, thresholds and verdicts. Either side may be a profile file
(.driftprofile, written by the profile command): the same tests, scores and verdicts.

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
  --cache DIR                keep the reference's parsed columns in DIR: later runs against the
                             same reference (same file, or same content) skip reading it
  --max-distinct N           distinct numbers a column's profile keeps exactly per side (default
                             1000000); above it values are truncated and scores marked approximate
  --fail-on-drift            exit 1 when the dataset drifts
  -h, --help                 show this help
  -v, --version              show the version

profile: reads one dataset file and writes its profile (per column: counts, min, max, moments and
the value counts; no rows) to FILE, default <source>.driftprofile. A team can profile its training
data once and compare every new batch against the file. Takes --max-distinct, --sample, --sample-seed.

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
        sample: { type: 'string' },
        'sample-seed': { type: 'string' },
        cache: { type: 'string' },
        'max-distinct': { type: 'string' },
        file: { type: 'string' },
        'content-type': { type: 'string' },
        strict: { type: 'boolean' },
        dialect: { type: 'string' },
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
  if (command === 'profile') return profileCommand(o, files);
  if (command !== 'compare') throw new UsageError(`unknown command '${command}' (known: compare, profile, metrics)`);
  for (const flag of METRICS_ONLY) if (o[flag] !== undefined) throw new UsageError(`--${flag} is an option of the metrics command`);
  if (files.length !== 2) throw new UsageError(`compare needs two files, a reference and a current one (got ${files.length})`);

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
  };
  if (settings.driftShare !== undefined && (settings.driftShare < 0 || settings.driftShare > 1)) {
    throw new UsageError('--drift-share must be from 0 to 1');
  }
  return {
    command: 'compare',
    reference: files[0],
    current: files[1],
    format,
    out: o.out,
    configPath: o.config,
    settings,
    failOnDrift: o['fail-on-drift'] ?? false,
    ...(o.cache !== undefined ? { cacheDir: o.cache } : {}),
  };
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
  const out: Record<string, T> = {};
  for (const item of items) {
    const eq = item.lastIndexOf('=');
    if (eq <= 0 || eq === item.length - 1) throw new UsageError(`${flag} takes column=value, not '${item}'`);
    out[item.slice(0, eq)] = convert(item.slice(eq + 1), `${flag} ${item.slice(0, eq)}`);
  }
  return out;
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
