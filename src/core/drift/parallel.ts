import type { ColumnReport, DriftReport } from '../../shared/report';
import type { Dataset } from '../read/dataset';
import { compareColumn, compareDatasets, type ColumnInput, type CompareOptions, type SideInput } from './engine';
import { DriftSettingsError, type DriftSettings } from './settings';
import { EmbeddingSettingsError, extractEmbeddings, testEmbeddings } from '../stats/embeddings/extract';
import type { TaskRunner } from '../taskRunner';

/**
 * compareDatasets with the columns spread over threads: numerical columns (sorting and the
 * tests dominate) go to the task runner's threads, split so each thread gets about the same number of
 * values; the other columns, whose strings would cost more to copy than to test, stay on this
 * thread and run meanwhile. The reports are then assembled by compareDatasets itself (same
 * selection, correction, verdict and order), so the report is the same as on one thread.
 */

/** Below this many values in the numerical columns, threads cost more than they save. */
const PARALLEL_FROM = 1_000_000;

export async function compareDatasetsParallel(
  reference: SideInput,
  current: SideInput,
  settings: DriftSettings = {},
  options: CompareOptions & { readonly parallelFrom?: number; readonly runner?: TaskRunner } = {},
): Promise<DriftReport> {
  // Embeddings (vector columns, named column groups) are tested as units, after the columns; only
  // a reader's columns hold them (a profile, from a file or a database, has none; the CSV reader
  // keeps possible vector columns as columns when it profiles the others: read/csv/plan.ts).
  if (!hasColumns(reference) || !hasColumns(current)) return compareColumnsParallel(reference, current, settings, options);
  let split;
  try {
    // extract.ts looks only at a reader's columns (`storage`); profiles among them pass through.
    split = extractEmbeddings(reference as Dataset, current as Dataset, settings);
  } catch (e) {
    if (e instanceof EmbeddingSettingsError) throw new DriftSettingsError(e.message);
    throw e;
  }
  const report = await compareColumnsParallel(split.reference, split.current, settings, options);
  if (split.pairs.length === 0) return report;
  options.signal?.throwIfAborted();
  return { ...report, embeddings: testEmbeddings(split.pairs, settings) };
}

function hasColumns(side: SideInput): boolean {
  return side.columns.some((c) => !('kind' in c));
}

async function compareColumnsParallel(
  reference: SideInput,
  current: SideInput,
  settings: DriftSettings,
  options: CompareOptions & { readonly parallelFrom?: number; readonly runner?: TaskRunner },
): Promise<DriftReport> {
  const pool = options.runner;
  const refByName = new Map(reference.columns.map((c) => [c.name, c]));
  const curByName = new Map(current.columns.map((c) => [c.name, c]));
  const keep = settings.columns ? new Set(settings.columns) : undefined;
  const drop = new Set(settings.exclude ?? []);
  const names = [...new Set([...refByName.keys(), ...curByName.keys()])].filter((n) => (!keep || keep.has(n)) && !drop.has(n));
  const heavy = (n: string) => isNumeric(refByName.get(n)) && isNumeric(curByName.get(n));
  const size = (n: string) => columnLength(refByName.get(n)) + columnLength(curByName.get(n));
  const workload = names.filter(heavy).reduce((s, n) => s + size(n), 0);
  if (!pool || workload < (options.parallelFrom ?? PARALLEL_FROM)) return compareDatasets(reference, current, settings, options);

  // Largest first onto the least loaded thread.
  const groups = Array.from({ length: pool.size }, () => ({ names: [] as string[], load: 0 }));
  for (const n of names.filter(heavy).sort((a, b) => size(b) - size(a))) {
    const g = groups.reduce((best, x) => (x.load < best.load ? x : best));
    g.names.push(n);
    g.load += size(n);
  }
  const precomputed = new Map<string, ColumnReport>();
  const running = groups
    .filter((g) => g.names.length > 0)
    .map((g) =>
      pool
        .run<(ColumnReport | null)[]>({
          kind: 'compare',
          names: g.names,
          reference: g.names.map((n) => shareable(refByName.get(n))),
          current: g.names.map((n) => shareable(curByName.get(n))),
          settings,
        })
        .then((reports) => reports.forEach((r, i) => r && precomputed.set(g.names[i], r)))
        // A thread that failed leaves its columns to compareDatasets below, which reports any error.
        .catch(() => undefined),
    );
  // The pool posts queued tasks on the next turn of the event loop: let it, so the threads start
  // now instead of after the loop below (measured: bench/results.md).
  await new Promise<void>((resolve) => setImmediate(resolve));
  for (const n of names) {
    if (heavy(n)) continue;
    options.signal?.throwIfAborted();
    try {
      precomputed.set(n, compareColumn(n, refByName.get(n), curByName.get(n), settings));
    } catch {
      // compareDatasets computes it again and throws with the right error
    }
  }
  await Promise.all(running);
  options.signal?.throwIfAborted();
  return compareDatasets(reference, current, settings, { ...options, precomputed });
}

/**
 * The column with its values in shared memory, so posting it to a thread copies nothing. Values
 * in an ordinary buffer (Parquet, the profile cache) are copied once; posting a view would clone its
 * whole underlying buffer, which for a cached profile is the entire file.
 */
function shareable(c: ColumnInput | undefined): ColumnInput | undefined {
  if (!c || 'kind' in c || c.storage !== 'numeric' || c.values.buffer instanceof SharedArrayBuffer) return c;
  const values = new Float64Array(new SharedArrayBuffer(c.values.byteLength));
  values.set(c.values);
  return { ...c, values };
}

function isNumeric(c: ColumnInput | undefined): boolean {
  return c !== undefined && ('kind' in c ? c.kind === 'numeric' : c.storage === 'numeric');
}

/** Total values of a column (for balancing); a profile counts its rows (it expands to them). */
export function columnLength(c: ColumnInput | undefined): number {
  if (!c) return 0;
  if ('kind' in c) return c.rows;
  return c.storage === 'numeric' ? c.values.length : c.codes.length;
}
