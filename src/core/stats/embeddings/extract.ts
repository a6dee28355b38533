import type { EmbeddingReport } from '../../../shared/report';
import type { DriftSettings } from '../../drift/settings';
import type { Column, Dataset, EmbeddingColumn } from '../../read/dataset';
import { fitPca, pcaTransform, type Matrix } from './linalg';
import { testEmbedding, withDefaults } from './methods';

/**
 * Finding embeddings in two datasets and testing them (methods.ts). An embedding is
 * - a vector column of the dataset (an image set's no-model embedding);
 * - a text column whose every value is a JSON array of numbers of one length (JSON Lines arrays,
 *   Parquet list columns, which the readers keep as JSON text), found by itself;
 * - numeric columns named as one in `settings.embeddings` (`name: [col1, col2]` or
 *   `name: ["prefix_*"]`), as Evidently's column_mapping.embeddings.
 * Columns used by an embedding are not tested one by one (as in Evidently, where they are not features).
 */

export interface EmbeddingPair {
  readonly name: string;
  readonly columns: string[];
  readonly reference: Matrix;
  readonly current: Matrix;
  /** Rows left out for a missing or non-finite component. */
  readonly dropped: { reference: number; current: number };
}

export class EmbeddingSettingsError extends Error {
  override readonly name = 'EmbeddingSettingsError';
}

/** Splits embeddings off the datasets: the datasets without their columns, and the pairs. */
export function extractEmbeddings(
  reference: Dataset,
  current: Dataset,
  settings: DriftSettings,
): { reference: Dataset; current: Dataset; pairs: EmbeddingPair[] } {
  const used = new Set<string>();
  const pairs: EmbeddingPair[] = [];
  const refCols = new Map(reference.columns.map((c) => [c.name, c]));
  const curCols = new Map(current.columns.map((c) => [c.name, c]));

  for (const [name, patterns] of Object.entries(settings.embeddings ?? {})) {
    const names = expand(patterns, reference.columns.map((c) => c.name));
    if (names.length === 0) throw new EmbeddingSettingsError(`embedding '${name}': no column of ${reference.source} matches ${patterns.join(', ')}`);
    for (const n of names) {
      if (!curCols.has(n)) throw new EmbeddingSettingsError(`embedding '${name}': column ${n} is not in ${current.source}`);
    }
    if (names.length === 1) {
      const ref = vectorColumn(refCols.get(names[0])!, reference.rows);
      const cur = vectorColumn(curCols.get(names[0])!, current.rows);
      if (ref && cur && ref.dimension === cur.dimension) {
        pairs.push(pairOf(name, names, ref, cur));
        used.add(names[0]);
        continue;
      }
    }
    const bad = names.find((n) => refCols.get(n)!.storage !== 'numeric' || curCols.get(n)!.storage !== 'numeric');
    if (bad) throw new EmbeddingSettingsError(`embedding '${name}': column ${bad} is not numeric (an embedding is numeric columns, or one column of number arrays)`);
    pairs.push(
      pairOf(name, names, stack(names.map((n) => refCols.get(n)!), reference.rows, name), stack(names.map((n) => curCols.get(n)!), current.rows, name)),
    );
    for (const n of names) used.add(n);
  }
  // Vector columns found by themselves: text columns of number arrays on both sides.
  for (const c of reference.columns) {
    if (used.has(c.name) || c.storage !== 'dictionary') continue;
    const other = curCols.get(c.name);
    if (!other || other.storage !== 'dictionary') continue;
    const ref = vectorColumn(c, reference.rows);
    const cur = ref && vectorColumn(other, current.rows);
    if (ref && cur && ref.dimension === cur.dimension) {
      pairs.push(pairOf(c.name, [c.name], ref, cur));
      used.add(c.name);
    }
  }
  for (const e of reference.embeddings ?? []) {
    const other = current.embeddings?.find((x) => x.name === e.name);
    if (other && other.dimension === e.dimension) pairs.push(pairOf(e.name, [e.name], e, other));
  }
  const without = (d: Dataset): Dataset => (used.size ? { ...d, columns: d.columns.filter((c) => !used.has(c.name)) } : d);
  return { reference: without(reference), current: without(current), pairs };
}

/** Column names matching `patterns` (exact, or with `*` wildcards), in the dataset's order. */
function expand(patterns: readonly string[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (p.includes('*')) {
      const re = new RegExp(`^${p.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
      for (const n of names) if (re.test(n) && !out.includes(n)) out.push(n);
    } else if (names.includes(p) && !out.includes(p)) out.push(p);
    else if (!names.includes(p)) throw new EmbeddingSettingsError(`embeddings: no column named ${p}`);
  }
  return out;
}

/** A text column whose every non-missing value is a JSON array of finite numbers, all of one length (at least 2). */
function vectorColumn(c: Column, rows: number): EmbeddingColumn | undefined {
  if (c.storage !== 'dictionary' || c.dictionary.length === 0) return undefined;
  if (!c.dictionary.every((d) => d.startsWith('['))) return undefined;
  const parsed: number[][] = [];
  let dimension = -1;
  for (const text of c.dictionary) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) return undefined;
    if (dimension === -1) dimension = v.length;
    else if (v.length !== dimension) return undefined;
    parsed.push(v as number[]);
  }
  if (dimension < 2) return undefined;
  const values = new Float64Array(rows * dimension).fill(NaN);
  for (let r = 0; r < rows; r++) {
    const code = c.codes[r];
    if (code >= 0) values.set(parsed[code], r * dimension);
  }
  return { name: c.name, dimension, values };
}

function stack(columns: Column[], rows: number, name: string): EmbeddingColumn {
  const d = columns.length;
  const values = new Float64Array(rows * d);
  columns.forEach((c, j) => {
    if (c.storage !== 'numeric') throw new EmbeddingSettingsError(`embedding '${name}': column ${c.name} is not numeric`);
    for (let r = 0; r < rows; r++) values[r * d + j] = c.values[r];
  });
  return { name, dimension: d, values };
}

/** Keeps rows whose every component is finite (pandas would fail or skip per component; a partial vector is no embedding). */
function complete(e: EmbeddingColumn): { matrix: Matrix; dropped: number } {
  const d = e.dimension;
  const rows = e.values.length / d;
  const keep: number[] = [];
  for (let r = 0; r < rows; r++) {
    let ok = true;
    for (let j = 0; j < d && ok; j++) ok = Number.isFinite(e.values[r * d + j]);
    if (ok) keep.push(r);
  }
  if (keep.length === rows) return { matrix: { rows, dims: d, data: e.values }, dropped: 0 };
  const data = new Float64Array(keep.length * d);
  keep.forEach((r, k) => data.set(e.values.subarray(r * d, (r + 1) * d), k * d));
  return { matrix: { rows: keep.length, dims: d, data }, dropped: rows - keep.length };
}

function pairOf(name: string, columns: string[], ref: EmbeddingColumn, cur: EmbeddingColumn): EmbeddingPair {
  const a = complete(ref);
  const b = complete(cur);
  return { name, columns, reference: a.matrix, current: b.matrix, dropped: { reference: a.dropped, current: b.dropped } };
}

const METHOD_NAMES: Readonly<Record<string, string>> = {
  distance: 'distance between means',
  ratio: 'share of drifted components',
  mmd: 'maximum mean discrepancy (MMD², RBF kernel)',
};

/** Points per side in the chart's projection. */
const PROJECTION_POINTS = 400;

/** Tests every embedding; a failure is reported on its row, never thrown. */
export function testEmbeddings(pairs: readonly EmbeddingPair[], settings: DriftSettings): EmbeddingReport[] {
  const method = withDefaults(settings.embeddingMethod ?? { method: 'distance' });
  const options: Record<string, string | number | boolean> = {};
  if (method.method === 'distance') options.dist = method.distName;
  if (method.method === 'ratio') {
    options.component_stattest = method.componentStattest;
    options.component_stattest_threshold = method.componentStattestThreshold;
  }
  options.threshold = method.threshold;
  if (method.method !== 'ratio') {
    options.bootstrap = method.bootstrap;
    options.quantile_probability = method.quantileProbability;
  }
  if (method.pcaComponents !== undefined) options.pca_components = method.pcaComponents;
  return pairs.map((p) => {
    const base: EmbeddingReport = {
      name: p.name,
      dimension: p.reference.dims,
      columns: p.columns,
      method: method.method,
      methodName: method.method === 'distance' ? `${method.distName} ${METHOD_NAMES.distance}` : METHOD_NAMES[method.method],
      options,
      score: null,
      threshold: null,
      driftWhen: '>',
      drifted: null,
      reason: '',
      notes: [],
      rows: { reference: p.reference.rows, current: p.current.rows },
      projection: null,
    };
    for (const side of ['reference', 'current'] as const) {
      if (p.dropped[side]) base.notes.push(`${p.dropped[side]} ${side} rows left out: a component is missing or not finite`);
    }
    if (p.reference.rows < 2 || p.current.rows < 2) return { ...base, reason: 'not tested: each side needs at least 2 complete rows' };
    try {
      const r = testEmbedding(p.reference, p.current, method);
      return {
        ...base,
        score: r.score,
        threshold: r.threshold,
        drifted: r.drifted,
        reason: `Evidently's ${method.method} method${method.method === 'distance' ? ` (${method.distName})` : ''}${r.thresholdKind === 'bootstrap' ? ', bootstrap threshold' : ''}`,
        notes: [...base.notes, ...r.notes],
        projection: projection(p),
      };
    } catch (e) {
      return { ...base, reason: `not tested: ${(e as Error).message}` };
    }
  });
}

/** Both sides on the reference's first two principal components, evenly thinned. */
function projection(p: EmbeddingPair): EmbeddingReport['projection'] {
  if (p.reference.dims < 2 || p.reference.rows < 2) return null;
  const pca = fitPca(p.reference, 2);
  const points = (m: Matrix): [number, number][] => {
    const t = pcaTransform(pca, m);
    const step = Math.max(1, m.rows / PROJECTION_POINTS);
    const out: [number, number][] = [];
    for (let k = 0; k < m.rows && out.length < PROJECTION_POINTS; k++) {
      const r = Math.floor(k * step);
      if (r >= m.rows) break;
      out.push([t.data[r * 2], t.data[r * 2 + 1]]);
    }
    return out;
  };
  return { reference: points(p.reference), current: points(p.current) };
}
