import { parseArgs } from 'node:util';
import type { DriftSettings } from '../core/drift/settings';

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
}

export type Command = CompareCommand | { readonly command: 'help' } | { readonly command: 'version' };

export const USAGE = `Usage: drift-inspect compare <reference> <current> [options]

Compares two dataset files (CSV/TSV, Parquet, JSON Lines, JSON array) for data drift with
Evidently's default tests, thresholds and verdicts.

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
  --fail-on-drift            exit 1 when the dataset drifts
  -h, --help                 show this help
  -v, --version              show the version

Exit codes: 0 ran, 1 dataset drift with --fail-on-drift, 2 bad usage or bad input.`;

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
  if (command !== 'compare') throw new UsageError(`unknown command '${command}' (known: compare)`);
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
