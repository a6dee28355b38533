/**
 * Evidently's embedding-drift methods `distance`, `ratio` and `mmd` (its
 * `evidently/legacy/metrics/data_drift/embedding_drift_methods.py`), with their ids, defaults
 * and random streams: bootstraps seed numpy's legacy generator with the iteration number, as
 * Evidently does (`np.random.seed(i)`), so verdicts match draw for draw. Checked against
 * scripts/embeddings/generate.py (numpy, scipy, scikit-learn) in test/unit/embeddings.test.ts.
 */
import type { EmbeddingMethodSettings } from '../../drift/settings';
import { LegacyRandomState } from '../special/numpy_random';
import { getStatTest } from '../registry';
import { isDrift } from '../../drift/verdict';
import { columnMeans, fitPca, median, pcaTransform, percentile, takeRows, type Matrix } from './linalg';

/** Evidently's N_BOOTSTRAP. */
const N_BOOTSTRAP = 100;

/** Rows kept by pandas' `sample(min(n, 1000), random_state=0)` for the MMD bandwidth. */
const BANDWIDTH_SAMPLE = 1000;

/** The bootstrap of `mmd` keeps the reference's kernel matrix: rows^2 doubles. */
export const MMD_BOOTSTRAP_MAX_ROWS = 5000;

export interface EmbeddingResult {
  readonly score: number;
  readonly drifted: boolean;
  /** The threshold the score was compared with: the setting, or the bootstrap quantile. */
  readonly threshold: number;
  readonly thresholdKind: 'threshold' | 'bootstrap';
  readonly notes: string[];
}

/** The options with Evidently's defaults filled in. */
export function withDefaults(m: EmbeddingMethodSettings): Required<Omit<EmbeddingMethodSettings, 'pcaComponents'>> & { pcaComponents?: number } {
  return {
    method: m.method,
    distName: m.distName ?? 'euclidean',
    componentStattest: m.componentStattest ?? 'wasserstein',
    componentStattestThreshold: m.componentStattestThreshold ?? 0.1,
    threshold: m.threshold ?? (m.method === 'mmd' ? 0.015 : 0.2),
    bootstrap: m.bootstrap ?? false,
    // Evidently: 0.95 for distance, 0.05 for mmd.
    quantileProbability: m.quantileProbability ?? (m.method === 'mmd' ? 0.05 : 0.95),
    ...(m.pcaComponents !== undefined ? { pcaComponents: m.pcaComponents } : {}),
  };
}

export function testEmbedding(reference: Matrix, current: Matrix, settings: EmbeddingMethodSettings): EmbeddingResult {
  const o = withDefaults(settings);
  let ref = reference;
  let cur = current;
  if (o.pcaComponents) {
    if (o.method === 'distance' && o.distName === 'cosine') {
      // PCA centres on the reference, whose mean then is the origin: the cosine distance to it
      // is undefined (Evidently computes it from rounding noise).
      throw new RangeError('cosine distance after pca_components compares with the origin (the reference mean once centred); use euclidean');
    }
    const pca = fitPca(ref, o.pcaComponents);
    ref = pcaTransform(pca, ref);
    cur = pcaTransform(pca, cur);
  }
  switch (o.method) {
    case 'distance':
      return distanceMethod(ref, cur, o.distName, o.threshold, o.bootstrap, o.quantileProbability);
    case 'ratio':
      return ratioMethod(ref, cur, o.componentStattest, o.componentStattestThreshold, o.threshold);
    case 'mmd':
      return mmdMethod(ref, cur, o.threshold, o.bootstrap, o.quantileProbability);
  }
}

/** scipy.spatial.distance's euclidean, cosine, cityblock, chebyshev. */
export function vectorDistance(name: string, u: Float64Array, v: Float64Array): number {
  let s = 0;
  switch (name) {
    case 'euclidean':
      for (let j = 0; j < u.length; j++) s += (u[j] - v[j]) ** 2;
      return Math.sqrt(s);
    case 'cityblock':
      for (let j = 0; j < u.length; j++) s += Math.abs(u[j] - v[j]);
      return s;
    case 'chebyshev':
      for (let j = 0; j < u.length; j++) s = Math.max(s, Math.abs(u[j] - v[j]));
      return s;
    case 'cosine': {
      let uv = 0;
      let uu = 0;
      let vv = 0;
      for (let j = 0; j < u.length; j++) {
        uv += u[j] * v[j];
        uu += u[j] * u[j];
        vv += v[j] * v[j];
      }
      // scipy clips to [0, 2] against rounding.
      return Math.min(2, Math.max(0, 1 - uv / Math.sqrt(uu * vv)));
    }
    default:
      throw new RangeError(`unknown distance '${name}'`);
  }
}

/** `np.random.choice(population, size)` with replacement: legacy bounded integers. */
function choice(rs: LegacyRandomState, population: number, size: number): Int32Array {
  const out = new Int32Array(size);
  for (let k = 0; k < size; k++) out[k] = rs.randomInterval(population - 1);
  return out;
}

function distanceMethod(ref: Matrix, cur: Matrix, dist: string, threshold: number, bootstrap: boolean, q: number): EmbeddingResult {
  const score = vectorDistance(dist, columnMeans(ref), columnMeans(cur));
  if (!bootstrap) return { score, drifted: score > threshold, threshold, thresholdKind: 'threshold', notes: [] };
  const m = ref.rows;
  const n = cur.rows;
  const refSize = Math.floor((m * m) / (m + n));
  const curSize = Math.floor((n * m) / (m + n));
  const scores: number[] = [];
  for (let i = 0; i < N_BOOTSTRAP; i++) {
    const rs = new LegacyRandomState(i);
    const a = choice(rs, m, refSize);
    const b = choice(rs, m, curSize);
    scores.push(vectorDistance(dist, columnMeans(takeRows(ref, a)), columnMeans(takeRows(ref, b))));
  }
  const perc = percentile(scores, 100 * q);
  return {
    score,
    drifted: score > perc,
    threshold: perc,
    thresholdKind: 'bootstrap',
    notes: [`threshold: the ${q} quantile of the distance between ${N_BOOTSTRAP} bootstrap pairs of reference samples`],
  };
}

function ratioMethod(ref: Matrix, cur: Matrix, stattest: string, componentThreshold: number, threshold: number): EmbeddingResult {
  const test = getStatTest(stattest);
  if (!test?.numerical) throw new RangeError(`component_stattest '${stattest}' is not a test for numerical columns`);
  let drifted = 0;
  const column = (m: Matrix, j: number) => {
    const values = new Float64Array(m.rows);
    for (let r = 0; r < m.rows; r++) values[r] = m.data[r * m.dims + j];
    return { values, sorted: Float64Array.from(values).sort() };
  };
  for (let j = 0; j < ref.dims; j++) {
    const { score } = test.numerical(column(ref, j), column(cur, j), {});
    if (isDrift(score, componentThreshold, test.driftWhen)) drifted++;
  }
  const score = drifted / ref.dims;
  return {
    score,
    drifted: score > threshold,
    threshold,
    thresholdKind: 'threshold',
    notes: [`${drifted} of ${ref.dims} components drifted (${test.id} at ${componentThreshold})`],
  };
}

/** Squared euclidean distance between row i of a and row j of b. */
function squaredDistance(a: Matrix, i: number, b: Matrix, j: number): number {
  const d = a.dims;
  const x = a.data;
  const y = b.data;
  let s = 0;
  for (let k = 0, p = i * d, q = j * d; k < d; k++, p++, q++) {
    const t = x[p] - y[q];
    s += t * t;
  }
  return s;
}

/** pandas' `df.sample(min(rows, 1000), random_state=0)`: legacy permutation, first 1000. */
function bandwidthSample(m: Matrix): Matrix {
  if (m.rows <= BANDWIDTH_SAMPLE) return m; // all rows; the median below does not depend on their order
  return takeRows(m, new LegacyRandomState(0).permutation(m.rows).subarray(0, BANDWIDTH_SAMPLE));
}

/** Median of the euclidean distances between rows of a and rows of b (every pair, a's own diagonal included when a is b). */
function medianDistance(a: Matrix, b: Matrix): number {
  const d = new Float64Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < b.rows; j++) d[i * b.rows + j] = Math.sqrt(squaredDistance(a, i, b, j));
  return median(d);
}

/** Sum of exp(-gamma |x_i - x_j|^2) over ordered pairs i != j of one matrix. */
function offDiagonalKernelSum(m: Matrix, gamma: number): number {
  let s = 0;
  for (let i = 0; i < m.rows; i++) {
    let row = 0;
    for (let j = i + 1; j < m.rows; j++) row += Math.exp(-gamma * squaredDistance(m, i, m, j));
    s += row;
  }
  return 2 * s;
}

function crossKernelSum(a: Matrix, b: Matrix, gamma: number): number {
  let s = 0;
  for (let i = 0; i < a.rows; i++) {
    let row = 0;
    for (let j = 0; j < b.rows; j++) row += Math.exp(-gamma * squaredDistance(a, i, b, j));
    s += row;
  }
  return s;
}

function mmdMethod(x: Matrix, y: Matrix, threshold: number, bootstrap: boolean, q: number): EmbeddingResult {
  const m = x.rows;
  const n = y.rows;
  if (m < 2 || n < 2) throw new RangeError('mmd needs at least 2 rows on each side');
  const sigma = medianDistance(bandwidthSample(x), bandwidthSample(y));
  const gamma = 1 / (sigma * sigma);
  // MMD^2_u: the unbiased statistic (Gretton et al.), diagonal terms (each 1) left out.
  const mmd2u =
    offDiagonalKernelSum(x, gamma) / (m * (m - 1)) + offDiagonalKernelSum(y, gamma) / (n * (n - 1)) - (2 / (m * n)) * crossKernelSum(x, y, gamma);
  const score = Math.max(mmd2u, 0);
  if (!bootstrap) return { score, drifted: mmd2u > threshold, threshold, thresholdKind: 'threshold', notes: [] };
  if (m > MMD_BOOTSTRAP_MAX_ROWS) throw new RangeError(`mmd's bootstrap keeps a reference-by-reference kernel: at most ${MMD_BOOTSTRAP_MAX_ROWS} reference rows (use pca_components or no bootstrap)`);
  const sample = bandwidthSample(x);
  const sx = medianDistance(sample, sample);
  const gx = 1 / (sx * sx);
  const k = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    k[i * m + i] = 1;
    for (let j = i + 1; j < m; j++) k[i * m + j] = k[j * m + i] = Math.exp(-gx * squaredDistance(x, i, x, j));
  }
  const xSize = Math.max(Math.floor((m * m) / (m + n)), 1);
  const ySize = Math.max(Math.floor((m * n) / (m + n)), 1);
  const sumBlock = (a: Int32Array, b: Int32Array) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) {
      const base = a[i] * m;
      let row = 0;
      for (let j = 0; j < b.length; j++) row += k[base + b[j]];
      s += row;
    }
    return s;
  };
  const results: number[] = [];
  for (let i = 0; i < N_BOOTSTRAP; i++) {
    const rs = new LegacyRandomState(i);
    const a = choice(rs, m, xSize);
    const b = choice(rs, m, ySize);
    // Diagonals of the resampled blocks are K[i][i] = 1: xSize and ySize of them.
    results.push((sumBlock(a, a) - xSize) / (xSize * (xSize - 1)) + (sumBlock(b, b) - ySize) / (ySize * (ySize - 1)) - (2 / (xSize * ySize)) * sumBlock(a, b));
  }
  const perc = percentile(results, 100 * q);
  return {
    score,
    drifted: mmd2u > perc,
    threshold: perc,
    thresholdKind: 'bootstrap',
    notes: [`threshold: the ${q} quantile of MMD between ${N_BOOTSTRAP} bootstrap pairs of reference samples`],
  };
}
