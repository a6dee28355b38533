// First: starts the threads of a big comparison while the rest of the bundle loads (start.ts).
import './start';
import { constants, existsSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { outputProblem, sameFile, writeFileAtomic } from '../core/io/atomicWrite';
import { LimitError, LIMITS, readFileLimited } from '../core/io/limits';
import { parseDriftConfig } from '../core/drift/config';
import type { SideInput } from '../core/drift/engine';
import { compareDatasetsParallel } from '../core/drift/parallel';
import { DriftSettingsError, mergeSettings, type DriftSettings } from '../core/drift/settings';
import { isUserError } from '../core/errors';
import { buildGallery } from '../core/images/gallery';
import { DatasetReadError, type Dataset } from '../core/read/dataset';
import { assertTimelineRows, readDatasetPair, readTimelinePair, readTimelinePeriodPair } from '../core/read/pair';
import { annotateReport, annotateTimeline, isSourceUri, noRowOrderMessage, needsSourceEngine, parseSourceName, readSource, redact, timelineSource, type SourceOptions, type SourceRead } from '../core/sources/index';
import { loadReportBundle } from '../core/report/bundle';
import { standaloneReportHtml } from '../core/report/html';
import { profileDataset } from '../core/profile/build';
import { isProfilePath, readProfileFile, writeProfileFile } from '../core/profile/format';
import type { DatasetProfile } from '../core/profile/profile';
import { readDatasetFile, readDatasetProfiles } from '../core/read/index';
import { parseCommandLine, USAGE, UsageError, type CompareCommand, type ProfileCommand, type TimelineCommand } from './args';
import { sharedPool } from '../threads/pool';
import { runImageFeatures } from './imageFeatures';
import { computeFileTimelineFromProfiles, computeTimelineFromProfiles, computeTimelineParallel } from '../core/timeline/timeline';
import { parsePeriod } from '../core/timeline/period';
import type { TimelineReport } from '../shared/timeline';
import { standaloneTimelineHtml } from '../core/report/html';
import { formatTimelineTable } from './timelineTable';
import { runMetrics } from './metrics';
import { formatTable } from './table';
import { stage } from './stageHold';

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
    if (cmd.command === 'image-features') return await runImageFeatures(cmd);
    if (cmd.command === 'timeline') return await timeline(cmd);
    if (cmd.command === 'profile') return await profile(cmd);
    return await compare(cmd);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`drift-inspect: ${e.message}\nRun 'drift-inspect --help' for usage.\n`);
      return EXIT_BAD_INPUT;
    }
    if (isUserError(e)) {
      process.stderr.write(`drift-inspect: ${redact(e.message)}\n`);
      return EXIT_BAD_INPUT;
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && err.path) {
      process.stderr.write(`drift-inspect: ${err.path}: ${describeFsError(err)}\n`);
      return EXIT_BAD_INPUT;
    }
    // A bug: say so plainly, with what is needed to report it.
    process.stderr.write(`drift-inspect: internal error: ${redact(err?.message ?? String(e))}\n`);
    if (process.env.DRIFT_INSPECT_DEBUG) process.stderr.write(`${err?.stack}\n`);
    return EXIT_BAD_INPUT;
  }
}

async function compare(cmd: CompareCommand): Promise<number> {
  await preflight(cmd.reference, cmd.current, cmd.out);
  const settings = mergeSettings(await loadConfig(cmd.configPath), cmd.settings);
  const engines = { engine: cmd.engine, memoryBudgetMB: cmd.memoryBudgetMB };
  const runner = sharedPool();
  let report;
  await stage('reading');
  // A profile file is read as such whatever the engine (profile/format.ts).
  const viaEngine = (name: string) => !isProfilePath(name) && needsSourceEngine(name, engines);
  if (!viaEngine(cmd.reference) && !viaEngine(cmd.current)) {
    const [reference, current] = await readDatasetPair(cmd.reference, cmd.current, { settings, cacheDir: cmd.cacheDir, runner });
    await stage('computing');
    report = await compareDatasetsParallel(reference, current, settings, { generatedBy: `drift-inspect ${VERSION}`, runner });
    // Image sets: which images stand out, per property (thumbnails inline in HTML only).
    // (Only a Dataset read from an image set has `images`; a profile never does.)
    const [refSet, curSet] = [reference, current] as Partial<Dataset>[];
    if (cmd.format !== 'table' && refSet.images && curSet.images) {
      const images = await buildGallery(reference as Dataset, current as Dataset, { embed: cmd.format === 'html' });
      if (images) report = { ...report, images };
    }
  } else {
    const [reference, current] = await readSourcePair(cmd, settings);
    report = await compareDatasetsParallel(reference.input, current.input, settings, { generatedBy: `drift-inspect ${VERSION}`, runner });
    annotateReport(report, reference.read, current.read);
  }
  let output: string;
  if (cmd.format === 'json') output = JSON.stringify(report, null, 2) + '\n';
  // The HTML report inlines the built UI, read from next to this bundle (dist/).
  else if (cmd.format === 'html') output = standaloneReportHtml(report, await loadReportBundle(__dirname));
  else output = formatTable(report, { color: !cmd.out && process.stdout.isTTY === true && !process.env.NO_COLOR });
  if (cmd.out) await writeOutput(cmd.out, output);
  else process.stdout.write(output);
  return cmd.failOnDrift && report.dataset.drifted ? EXIT_DRIFT : EXIT_OK;
}

async function timeline(cmd: TimelineCommand): Promise<number> {
  await preflight(cmd.reference, cmd.current, cmd.out);
  const settings = mergeSettings(await loadConfig(cmd.configPath), cmd.settings);
  const engines = { engine: cmd.engine, memoryBudgetMB: cmd.memoryBudgetMB };
  const viaEngine = (name: string) => !isProfilePath(name) && needsSourceEngine(name, engines);
  const common = {
    baseline: cmd.baseline,
    generatedBy: `drift-inspect ${VERSION}`,
    ...(cmd.timeColumn !== undefined ? { timeColumn: cmd.timeColumn } : {}),
    ...(cmd.minRows !== undefined ? { minRows: cmd.minRows } : {}),
  };
  let report: TimelineReport;
  if (viaEngine(cmd.current)) {
    // The engine cuts the rows into periods (one GROUP BY on the time bucket): no rows are pulled.
    const unit = cmd.chunking.by === 'period' ? parsePeriod(cmd.chunking.period) : undefined;
    if (!unit) {
      throw new UsageError(noRowOrderMessage(cmd.current, '--period') + (parseSourceName(cmd.current).kind === 'file' ? ' (or read the file natively: --engine native)' : ''));
    }
    const options = sourceOptions(cmd, settings);
    // --sample: the engine samples the current rows, then cuts the sample into periods (as the native timeline does).
    const sample = settings.sample !== undefined ? { sample: { rows: settings.sample, ...(settings.sampleSeed !== undefined ? { seed: settings.sampleSeed } : {}) } } : {};
    const [reference, current] = await Promise.all([readSide(cmd.reference, options, settings), timelineSource(cmd.current, { ...options, ...sample }, cmd.timeColumn, unit)]);
    report = annotateTimeline(computeTimelineFromProfiles(reference.input, current, settings, common).report, reference.read, current.read);
  } else if (cmd.chunking.by === 'period' && parsePeriod(cmd.chunking.period) && !viaEngine(cmd.reference)) {
    // By period: a CSV file's periods are profiled while it is read (src/core/read/csv/plan.ts readCsvPeriods),
    // the same profiles as its rows cut into chunks, without holding and cutting the rows; any
    // file or case that path does not take is read as rows.
    const unit = parsePeriod(cmd.chunking.period)!;
    const request = { ...(cmd.timeColumn !== undefined ? { timeColumn: cmd.timeColumn } : {}), unit, profiles: { maxDistinct: settings.profileMaxDistinct } };
    const [reference, periods] = await readTimelinePeriodPair(cmd.reference, cmd.current, { settings, cacheDir: cmd.cacheDir, runner: sharedPool() }, request);
    const fromPeriods = periods && (await computeFileTimelineFromProfiles(reference, periods, settings, { ...common, runner: sharedPool() }));
    report = fromPeriods
      ? fromPeriods.report
      : (await computeTimelineParallel(reference, await readTimelineCurrent(cmd.current, settings), settings, { ...common, runner: sharedPool(), chunking: cmd.chunking })).report;
  } else {
    // A reference in a database against a log file: the reference's profile from its engine.
    const [reference, current] = viaEngine(cmd.reference)
      ? await Promise.all([readSide(cmd.reference, sourceOptions(cmd, settings), settings).then((r) => r.input), readTimelineCurrent(cmd.current, settings)])
      : await readTimelinePair(cmd.reference, cmd.current, { settings, cacheDir: cmd.cacheDir, runner: sharedPool() });
    report = (await computeTimelineParallel(reference, current, settings, { ...common, runner: sharedPool(), chunking: cmd.chunking })).report;
  }
  let output: string;
  if (cmd.format === 'json') output = JSON.stringify(report, null, 2) + '\n';
  else if (cmd.format === 'html') output = standaloneTimelineHtml(report, await loadReportBundle(__dirname));
  else output = formatTimelineTable(report, { color: !cmd.out && process.stdout.isTTY === true && !process.env.NO_COLOR });
  if (cmd.out) await writeOutput(cmd.out, output);
  else process.stdout.write(output);
  const last = report.chunks[report.chunks.length - 1];
  return cmd.failOnDrift && last?.dataset.drifted ? EXIT_DRIFT : EXIT_OK;
}

/**
 * `--out`, atomically (core/io/atomicWrite.ts), in parts of 1 MiB: a large HTML report is never
 * copied whole into one more buffer. A full or read-only disk is a WriteError (exit 2).
 */
async function writeOutput(out: string, text: string): Promise<void> {
  const PART = 1 << 20;
  async function* parts(): AsyncGenerator<string> {
    let at = 0;
    do {
      let end = Math.min(text.length, at + PART);
      // Never split a surrogate pair: each part is encoded to UTF-8 on its own.
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
      yield text.slice(at, end);
      if (at === 0) await stage('writing');
      at = end;
    } while (at < text.length);
  }
  await writeFileAtomic(out, parts());
}

/** The current side of a timeline read natively: rows, which the timeline cuts (a profile file has none). */
function readTimelineCurrent(name: string, settings: DriftSettings): Promise<Dataset> {
  assertTimelineRows(name);
  const sample = settings.sample !== undefined ? { rows: settings.sample, seed: settings.sampleSeed } : undefined;
  return readDatasetFile(name, { sample, runner: sharedPool(), imageTime: true });
}

/** What the engines are told (passwords from the environment only). */
function sourceOptions(cmd: CompareCommand | TimelineCommand, settings: DriftSettings): SourceOptions {
  return {
    engine: cmd.engine,
    ...(cmd.memoryBudgetMB !== undefined ? { memoryBudgetMB: cmd.memoryBudgetMB } : {}),
    ...(cmd.duckdbMemoryMB !== undefined ? { duckdbMemoryMB: cmd.duckdbMemoryMB } : {}),
    ...(cmd.timeoutMs !== undefined ? { timeoutMs: cmd.timeoutMs } : {}),
    ...(settings.profileMaxDistinct !== undefined ? { maxDistinct: settings.profileMaxDistinct } : {}),
    passwords: { postgres: process.env.PGPASSWORD, clickhouse: process.env.CLICKHOUSE_PASSWORD },
  };
}

/** One side by name: a profile file, or a source through its engine (a file natively when it fits). */
function readSide(name: string, options: SourceOptions, settings: DriftSettings): Promise<{ input: SideInput; read: SourceRead }> {
  const sample = settings.sample !== undefined ? { rows: settings.sample, seed: settings.sampleSeed } : undefined;
  // A profile file on one side: read natively; the report names no engine query for it.
  return isProfilePath(name)
    ? readProfileFile(name).then((p) => ({ input: p, read: { dataset: { source: name, format: 'csv', rows: p.rows, columns: [], warnings: [] }, engine: 'native' } }))
    : readSource(name, options, { sample, runner: sharedPool() }).then((r) => ({ input: r.dataset, read: r }));
}

/** Either side through its engine (src/core/sources). */
function readSourcePair(cmd: CompareCommand, settings: DriftSettings): Promise<[{ input: SideInput; read: SourceRead }, { input: SideInput; read: SourceRead }]> {
  const options = sourceOptions(cmd, settings);
  return Promise.all([readSide(cmd.reference, options, settings), readSide(cmd.current, options, settings)]);
}

/** `drift-inspect profile`: one dataset's profile, written atomically (profile/format.ts). */
async function profile(cmd: ProfileCommand): Promise<number> {
  if (isProfilePath(cmd.source)) throw new UsageError(`${cmd.source} is a profile already`);
  const sample = cmd.sample !== undefined ? { rows: cmd.sample, seed: cmd.sampleSeed } : undefined;
  // A URI or a glob: the profile is computed where the data is (src/core/sources), as compare does.
  if (needsSourceEngine(cmd.source, { engine: 'auto' })) {
    const read = await readSource(
      cmd.source,
      {
        ...(cmd.maxDistinct !== undefined ? { maxDistinct: cmd.maxDistinct } : {}),
        passwords: { postgres: process.env.PGPASSWORD, clickhouse: process.env.CLICKHOUSE_PASSWORD },
      },
      sample ? { sample } : {},
    );
    const p = read.dataset as DatasetProfile;
    const bytes = await writeProfileFile(cmd.out, p);
    process.stderr.write(`drift-inspect: wrote ${cmd.out} (${p.columns.length} columns, ${p.rows} rows, ${bytes} bytes, computed by ${read.engine})\n`);
    return EXIT_OK;
  }
  const profiles = { maxDistinct: cmd.maxDistinct };
  const dataset = await readDatasetProfiles(cmd.source, { sample, runner: sharedPool() }, profiles);
  const bytes = await writeProfileFile(cmd.out, profileDataset(dataset, profiles));
  process.stderr.write(`drift-inspect: wrote ${cmd.out} (${dataset.columns.length} columns, ${dataset.rows} rows, ${bytes} bytes)\n`);
  return EXIT_OK;
}

/**
 * Before any work (issue 13, findings 7 and 10): both inputs exist and can be read (a missing
 * current file is not found out after reading a large reference), and `--out` can be written and
 * is not one of the inputs (it would replace the dataset).
 */
async function preflight(reference: string, current: string, out: string | undefined): Promise<void> {
  // Database sources and globs are resolved by their readers.
  const files = [reference, current].filter((f) => !isSourceUri(f) && !/[*?[{]/.test(f));
  for (const file of files) {
    try {
      await access(file, constants.R_OK);
    } catch (e) {
      throw new DatasetReadError(file, describeFsError(e as NodeJS.ErrnoException));
    }
  }
  if (out === undefined) return;
  for (const file of files) {
    if (await sameFile(out, file)) throw new UsageError(`--out ${out} is the input ${file}: the report would replace the dataset`);
  }
  const problem = await outputProblem(out);
  if (problem) throw new UsageError(`--out ${out}: ${problem}`);
}

async function loadConfig(path: string | undefined): Promise<DriftSettings> {
  const file = path ?? (existsSync('drift.config.json') ? 'drift.config.json' : undefined);
  if (!file) return {};
  let bytes: Buffer;
  try {
    bytes = await readFileLimited(file, LIMITS.config);
  } catch (e) {
    if (e instanceof LimitError) throw new DriftSettingsError(e.message);
    throw e;
  }
  return parseDriftConfig(bytes.toString('utf8'), file);
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
  // (start.ts has set the V8 flags and started the threads of a big comparison.)
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = EXIT_BAD_INPUT;
    },
  );
}
