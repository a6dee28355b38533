import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { setFlagsFromString } from 'node:v8';
import { parseDriftConfig } from '../core/drift/config';
import { compareDatasetsParallel } from '../core/drift/parallel';
import { mergeSettings, type DriftSettings } from '../core/drift/settings';
import { isUserError } from '../core/errors';
import { readDatasetPair } from '../core/read/pair';
import { loadReportBundle } from '../core/report/bundle';
import { standaloneReportHtml } from '../core/report/html';
import { sharedPool } from '../threads/pool';
import { parseCommandLine, USAGE, UsageError, type CompareCommand } from './args';
import { runMetrics } from './metrics';
import { formatTable } from './table';

declare const DRIFT_INSPECTOR_VERSION: string | undefined;
const VERSION = typeof DRIFT_INSPECTOR_VERSION === 'string' ? DRIFT_INSPECTOR_VERSION : 'dev';

export const EXIT_OK = 0;
export const EXIT_DRIFT = 1;
export const EXIT_BAD_INPUT = 2;

/** Runs the CLI; returns the exit code. Expected failures print one line, never a stack trace. */
export async function main(argv: string[]): Promise<number> {
  try {
    const cmd = parseCommandLine(argv);
    if (cmd.command === 'help') {
      process.stdout.write(USAGE + '\n');
      return EXIT_OK;
    }
    if (cmd.command === 'version') {
      process.stdout.write(`drift-inspect ${VERSION}\n`);
      return EXIT_OK;
    }
    if (cmd.command === 'metrics') return await runMetrics(cmd);
    return await compare(cmd);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`drift-inspect: ${e.message}\nRun 'drift-inspect --help' for usage.\n`);
      return EXIT_BAD_INPUT;
    }
    if (isUserError(e)) {
      process.stderr.write(`drift-inspect: ${e.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.path) {
      process.stderr.write(`drift-inspect: ${err.path}: ${describeFsError(err)}\n`);
      return EXIT_BAD_INPUT;
    }
    // A bug: say so plainly, with what is needed to report it.
    process.stderr.write(`drift-inspect: internal error: ${err?.message ?? String(e)}\n`);
    if (process.env.DRIFT_INSPECT_DEBUG) process.stderr.write(`${err?.stack}\n`);
    return EXIT_BAD_INPUT;
  }
}

async function compare(cmd: CompareCommand): Promise<number> {
  const settings = mergeSettings(await loadConfig(cmd.configPath), cmd.settings);
  const runner = sharedPool();
  const [reference, current] = await readDatasetPair(cmd.reference, cmd.current, { settings, cacheDir: cmd.cacheDir, runner });
  const report = await compareDatasetsParallel(reference, current, settings, { generatedBy: `drift-inspect ${VERSION}`, runner });
  let output: string;
  if (cmd.format === 'json') output = JSON.stringify(report, null, 2) + '\n';
  // The HTML report inlines the built UI, read from next to this bundle (dist/).
  else if (cmd.format === 'html') output = standaloneReportHtml(report, await loadReportBundle(__dirname));
  else output = formatTable(report, { color: !cmd.out && process.stdout.isTTY === true && !process.env.NO_COLOR });
  if (cmd.out) await writeFile(cmd.out, output);
  else process.stdout.write(output);
  return cmd.failOnDrift && report.dataset.drifted ? EXIT_DRIFT : EXIT_OK;
}

async function loadConfig(path: string | undefined): Promise<DriftSettings> {
  const file = path ?? (existsSync('drift.config.json') ? 'drift.config.json' : undefined);
  if (!file) return {};
  return parseDriftConfig(await readFile(file, 'utf8'), file);
}

function describeFsError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a folder, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return err.message;
  }
}

if (require.main === module) {
  // Every core runs our threads during a comparison, so V8's background compiler thread waits for
  // a core while hot loops run unoptimised; compiling on the thread that needs the code is faster
  // (measured: bench/results.md, "Measurements behind tuning choices"). Read when a thread's isolate starts,
  // so it applies to the worker threads started after this line. The CLI's process only.
  setFlagsFromString('--no-concurrent-recompilation');
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_BAD_INPUT;
    },
  );
}
