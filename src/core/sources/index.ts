import { statSync } from 'node:fs';
import type { ColumnReport, DriftReport } from '../../shared/report';
import { DatasetReadError, type ReadOptions } from '../read/dataset';
import { formatOf, readDatasetFile } from '../read/index';
import { listClickHouseTables, profileClickHouse } from './clickhouse';
import { listDuckDbTables, profileWithDuckDb, type DuckDbOptions } from './duckdb';
import type { DuckDbRelation } from './duckdbProtocol';
import { parseSourceName, redact, type SourceName } from './name';
import { listPostgresTables, profilePostgres, type ServerOptions } from './postgres';
import type { SideInput } from '../drift/engine';
import { type EngineName, type SourceProfile, type SourceUnsupportedColumn } from './sourceProfile';
import { toDatasetProfile } from './toProfile';
import { DEFAULT_SAMPLE_SEED } from '../read/sample';
import type { SourceTimeline } from './grouped';
import { timelinePostgres } from './postgres';
import { timelineClickHouse } from './clickhouse';
import { timelineWithDuckDb } from './duckdb';
import type { PeriodUnit, TimelineReport } from '../../shared/timeline';
import type { ProfiledChunks } from '../timeline/timeline';
import { isoWallClock, periodEnd } from '../timeline/period';

export { isSourceUri, parseSourceName, redact } from './name';
export type { SourceProfile } from './sourceProfile';

export type EngineChoice = 'auto' | 'native' | 'duckdb';

/** Files whose data (Parquet counted 8 times its size, as in read/pair.ts) fit this are read natively by `auto`. */
export const DEFAULT_MEMORY_BUDGET_MB = 2048;

export interface SourceOptions {
  readonly engine?: EngineChoice;
  /** `auto`: files holding more than this (MB of data) go to DuckDB. */
  readonly memoryBudgetMB?: number;
  /** DuckDB's memory_limit (MB). */
  readonly duckdbMemoryMB?: number;
  /** Server and DuckDB queries give up after this long. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Passwords by source kind (the CLI: PGPASSWORD / CLICKHOUSE_PASSWORD). */
  readonly passwords?: { readonly postgres?: string; readonly clickhouse?: string };
  /**
   * The password of this one source, before `passwords` (VS Code: its connection's SecretStorage
   * entry, so two connections of one kind keep their own).
   */
  readonly password?: string;
  /** `--sample`: the engine profiles a seeded sample (grouped.ts SampleRequest says how it differs from a file's). */
  readonly sample?: { readonly rows: number; readonly seed?: number };
  readonly onProgress?: (column: string) => void;
  /** Distinct numeric values a profile keeps exactly per column (profile/build.ts). */
  readonly maxDistinct?: number;
}

/**
 * One side of a comparison as read: what the engine tests (a Dataset read natively, or the
 * source's column profiles, src/core/profile/profile.ts), and what the report says about it.
 */
export interface SourceRead {
  readonly dataset: SideInput;
  readonly engine: EngineName;
  readonly profile?: SourceProfile;
}

/** How much data a file holds, for the memory budget (Parquet is compressed: 8x its size). */
function dataBytes(path: string): number {
  try {
    return statSync(path).size * (/\.(parquet|pq)$/i.test(path) ? 8 : 1);
  } catch {
    return 0; // the reader reports it
  }
}

/** The engine that reads a source under `--engine`. */
export function engineFor(source: SourceName, options: Pick<SourceOptions, 'engine' | 'memoryBudgetMB'>): EngineName {
  const choice = options.engine ?? 'auto';
  switch (source.kind) {
    case 'clickhouse':
    case 'postgres':
    case 'duckdb':
      return source.kind;
    case 'glob':
      if (choice === 'native') throw new DatasetReadError(source.display, 'a glob of files is read by DuckDB; use --engine duckdb or auto');
      return 'duckdb';
    case 'file':
      if (choice !== 'auto') return choice;
      return dataBytes(source.path) > (options.memoryBudgetMB ?? DEFAULT_MEMORY_BUDGET_MB) * 1024 * 1024 ? 'duckdb' : 'native';
  }
}

function duckDbRelation(source: SourceName): DuckDbRelation {
  if (source.kind === 'duckdb') {
    if (source.table !== undefined) return { kind: 'table', database: source.database!, table: source.table };
    return { kind: 'query', ...(source.database ? { database: source.database } : {}), query: source.query! };
  }
  if (source.kind !== 'file' && source.kind !== 'glob') throw new Error(`not a DuckDB source: ${source.kind}`);
  const pattern = source.kind === 'file' ? source.path : source.pattern;
  const format = formatOf(pattern.replace(/[*?]+$/, ''));
  if (format === undefined || format === 'images') throw new DatasetReadError(source.display, 'DuckDB reads .csv, .tsv, .parquet, .json and .jsonl files: end the name or glob with one of them');
  return { kind: 'files', pattern, format };
}

function serverOptions(options: SourceOptions): ServerOptions {
  return {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.sample ? { sample: { rows: options.sample.rows, seed: options.sample.seed ?? DEFAULT_SAMPLE_SEED } } : {}),
  };
}

/** Profiles a database source (or a file/glob through DuckDB). */
export async function profileSource(source: SourceName, options: SourceOptions = {}): Promise<SourceProfile> {
  const server = serverOptions(options);
  if (source.kind === 'postgres') return profilePostgres(source, { ...server, password: options.password ?? options.passwords?.postgres });
  if (source.kind === 'clickhouse') return profileClickHouse(source, { ...server, password: options.password ?? options.passwords?.clickhouse });
  const duck: DuckDbOptions = { ...server, ...(options.duckdbMemoryMB ? { memoryLimitMB: options.duckdbMemoryMB } : {}) };
  return profileWithDuckDb(duckDbRelation(source), source.display, duck);
}

/**
 * The current side of a timeline over a source (a database table or query, a glob, a file through
 * DuckDB), cut into periods by the engine: one GROUP BY on (time bucket, column, value), so no
 * rows leave the engine (grouped.ts). Each bucket's profile is built the one canonical way
 * (toProfile.ts), so every chunk's scores equal the native timeline's of the same rows.
 */
export async function timelineSource(name: string, options: SourceOptions, timeColumn: string | undefined, unit: PeriodUnit): Promise<ProfiledChunks & { readonly read: SourceRead }> {
  const source = parseSourceName(name);
  const engine = engineFor(source, options);
  if (engine === 'native') throw new DatasetReadError(source.display, 'a file read natively is cut into chunks row by row, not by a source engine');
  const server = serverOptions(options);
  const t: SourceTimeline =
    source.kind === 'postgres'
      ? await timelinePostgres(source, { ...server, password: options.password ?? options.passwords?.postgres }, timeColumn, unit)
      : source.kind === 'clickhouse'
        ? await timelineClickHouse(source, { ...server, password: options.password ?? options.passwords?.clickhouse }, timeColumn, unit)
        : await timelineWithDuckDb(duckDbRelation(source), source.display, { ...server, ...(options.duckdbMemoryMB ? { memoryLimitMB: options.duckdbMemoryMB } : {}) }, timeColumn, unit);
  const profileOptions = options.maxDistinct !== undefined ? { maxDistinct: options.maxDistinct } : {};
  const whole = toDatasetProfile(t.whole, profileOptions);
  const chunks = t.chunks.map((c) => ({
    start: isoWallClock(c.start),
    end: isoWallClock(periodEnd(c.start, unit)),
    profile: toDatasetProfile(c.profile, profileOptions),
  }));
  const unsupported = t.whole.columns.filter((c) => c.kind === 'unsupported');
  const warnings = unsupported.length ? [`${source.display}: not tested: ${unsupported.map((c) => `${c.name} (type ${c.sourceType})`).join(', ')}`] : [];
  return {
    whole: { ...whole, warnings: [...whole.warnings, ...warnings] },
    chunks,
    timeColumn: t.timeColumn,
    period: unit,
    unplaced: t.unplaced,
    read: { dataset: whole, engine, profile: t.whole },
  };
}

/**
 * Why a timeline over a source cannot be cut by size or count: a table (a glob, a file read by
 * DuckDB) has no row order. The CLI and VS Code say the same; `by` is how each names period
 * chunking (`--period`, or the QuickPick's "period").
 */
export function noRowOrderMessage(name: string, by: string): string {
  return `${redact(name)}: a database table, a glob or a file read by DuckDB has no row order to cut into chunks of rows: chunk it by ${by} on a time column`;
}

/** A timeline's report says which engine read each side and what it ran (as annotateReport does for a comparison). */
export function annotateTimeline(report: TimelineReport, reference: SourceRead | undefined, current: SourceRead | undefined): TimelineReport {
  for (const [info, side] of [
    [report.reference, reference],
    [report.current, current],
  ] as const) {
    if (!side) continue;
    info.engine = side.engine;
    if (side.profile) info.queries = [...side.profile.queries];
  }
  return report;
}

/**
 * Reads one side of a comparison by name: a file natively or through DuckDB, a glob or a DuckDB
 * database through DuckDB, a ClickHouse or PostgreSQL table or query on its server.
 */
export async function readSource(name: string, options: SourceOptions = {}, readOptions: ReadOptions = {}): Promise<SourceRead> {
  const source = parseSourceName(name);
  const engine = engineFor(source, options);
  if (engine === 'native' && source.kind === 'file') {
    return { dataset: await readDatasetFile(source.path, readOptions), engine };
  }
  // --sample: the engine keeps the seeded sample's rows (grouped.ts SampleRequest).
  const profile = await profileSource(source, readOptions.sample ? { ...options, sample: readOptions.sample } : options);
  // The engine tests profiles as they are: no rows are rebuilt, whatever the source's size.
  const dataset = toDatasetProfile(profile, options.maxDistinct !== undefined ? { maxDistinct: options.maxDistinct } : {});
  return { dataset, engine, profile };
}

/** True when a name needs a source engine whatever `--engine` says (URIs and globs). */
export function needsSourceEngine(name: string, options: Pick<SourceOptions, 'engine' | 'memoryBudgetMB'>): boolean {
  return engineFor(parseSourceName(name), options) !== 'native';
}

/**
 * Adds to a report what the sources say: the engine and queries of each side, its format, and a
 * "not tested: type X" row for every column of a type no test reads.
 */
export function annotateReport(report: DriftReport, reference: SourceRead, current: SourceRead): DriftReport {
  for (const [info, side] of [
    [report.reference, reference],
    [report.current, current],
  ] as const) {
    info.engine = side.engine;
    if (side.profile) {
      info.format = side.profile.format;
      info.queries = [...side.profile.queries];
      info.columns = side.profile.columns.length;
    }
  }
  const unsupported = (side: SourceRead) => new Map((side.profile?.columns.filter((c) => c.kind === 'unsupported') ?? []).map((c) => [c.name, c as SourceUnsupportedColumn]));
  const refU = unsupported(reference);
  const curU = unsupported(current);
  const known = new Set(report.columns.map((c) => c.name));
  for (const name of [...refU.keys(), ...curU.keys()]) {
    if (known.has(name)) {
      // The other side's column was read: the column is still not testable as a pair.
      const c = report.columns.find((r) => r.name === name)!;
      const type = (refU.get(name) ?? curU.get(name))!.sourceType;
      Object.assign(c, { type: 'unsupported', test: null, testName: null, scoreKind: null, score: null, threshold: null, driftWhen: null, drifted: null, distribution: null });
      c.reason = `not tested: type ${type} (${refU.has(name) ? 'reference' : 'current'})`;
      continue;
    }
    known.add(name);
    const type = (refU.get(name) ?? curU.get(name))!.sourceType;
    const presentIn: ColumnReport['presentIn'] = refU.has(name) && curU.has(name) ? 'both' : refU.has(name) ? 'reference' : 'current';
    report.columns.push({
      name,
      type: 'unsupported',
      test: null,
      testName: null,
      scoreKind: null,
      score: null,
      threshold: null,
      driftWhen: null,
      drifted: null,
      reason: `not tested: type ${type}`,
      notes: [],
      presentIn,
      reference: null,
      current: null,
      distribution: null,
    });
  }
  // A column made untested above no longer counts towards the dataset verdict.
  const tested = report.columns.filter((c) => c.drifted !== null);
  const drifted = tested.filter((c) => c.drifted).length;
  const share = tested.length ? drifted / tested.length : 0;
  report.dataset = { drifted: tested.length > 0 && share >= report.driftShare, driftedColumns: drifted, testedColumns: tested.length, share };
  return report;
}

/**
 * The tables of a connection (a URI of the driftInspector.sources setting, naming no table), each
 * as the source name that reads it: `postgres://u@h:5432/db?table=NAME`.
 */
export async function listSourceTables(connection: string, options: SourceOptions = {}): Promise<{ table: string; source: string }[]> {
  const src = parseSourceName(connection, true);
  const server: ServerOptions = {
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  };
  let tables: string[];
  if (src.kind === 'postgres') tables = await listPostgresTables(src, { ...server, password: options.password ?? options.passwords?.postgres });
  else if (src.kind === 'clickhouse') tables = await listClickHouseTables(src, { ...server, password: options.password ?? options.passwords?.clickhouse });
  else if (src.kind === 'duckdb') tables = await listDuckDbTables(src.database!, src.display, server);
  else throw new DatasetReadError(connection, 'not a connection URI (postgres://, clickhouse:// or duckdb:)');
  const base = connection.replace(/\?.*$/, '');
  return tables.map((table) => ({ table, source: `${base}?table=${encodeURIComponent(table)}` }));
}
