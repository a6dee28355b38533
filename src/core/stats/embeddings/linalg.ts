/**
 * The little linear algebra embedding drift needs: row-major matrices (rows x dims in one
 * Float64Array), column means, and PCA fitted on the reference (sklearn's PCA with the exact
 * "full" solver: centre on the reference's means, take the covariance's leading eigenvectors).
 * Signs of components are arbitrary (sklearn flips them by its svd_flip rule); every score here
 * is unchanged by a component's sign, so none is imposed except for the chart (see `pca`).
 */

export interface Matrix {
  readonly rows: number;
  readonly dims: number;
  readonly data: Float64Array;
}

/** Column means with compensated sums (pandas' mean sums pairwise; both are accurate to rounding). */
export function columnMeans(m: Matrix): Float64Array {
  const sum = new Float64Array(m.dims);
  const comp = new Float64Array(m.dims);
  for (let r = 0; r < m.rows; r++) {
    const base = r * m.dims;
    for (let j = 0; j < m.dims; j++) {
      const v = m.data[base + j];
      const t = sum[j] + v;
      comp[j] += Math.abs(sum[j]) >= Math.abs(v) ? sum[j] - t + v : v - t + sum[j];
      sum[j] = t;
    }
  }
  for (let j = 0; j < m.dims; j++) sum[j] = (sum[j] + comp[j]) / m.rows;
  return sum;
}

/** Rows `indexes` of a matrix (repeats allowed). */
export function takeRows(m: Matrix, indexes: ArrayLike<number>): Matrix {
  const data = new Float64Array(indexes.length * m.dims);
  for (let k = 0; k < indexes.length; k++) data.set(m.data.subarray(indexes[k] * m.dims, (indexes[k] + 1) * m.dims), k * m.dims);
  return { rows: indexes.length, dims: m.dims, data };
}

export interface Pca {
  readonly mean: Float64Array;
  /** components x dims, row-major; unit vectors, largest variance first. */
  readonly components: Float64Array;
  readonly count: number;
  readonly dims: number;
}

/**
 * Fits `count` principal components on `m`. Each component's sign is fixed so that its largest
 * absolute entry is positive (sklearn's svd_flip convention on V), so charts do not mirror
 * between runs.
 */
export function fitPca(m: Matrix, count: number): Pca {
  const d = m.dims;
  if (count > Math.min(m.rows, d)) {
    throw new RangeError(`pca_components=${count} must be at most min(rows, dimensions) = ${Math.min(m.rows, d)} (as scikit-learn)`);
  }
  const mean = columnMeans(m);
  // Covariance (up to a factor) of the centred rows.
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let r = 0; r < m.rows; r++) {
    for (let j = 0; j < d; j++) row[j] = m.data[r * d + j] - mean[j];
    for (let i = 0; i < d; i++) {
      const ri = row[i];
      if (ri === 0) continue;
      const base = i * d;
      for (let j = i; j < d; j++) cov[base + j] += ri * row[j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) cov[i * d + j] = cov[j * d + i];
  const { values, vectors } = symmetricEigen(cov, d);
  const order = Array.from({ length: d }, (_, k) => k).sort((a, b) => values[b] - values[a]);
  const components = new Float64Array(count * d);
  for (let c = 0; c < count; c++) {
    const k = order[c];
    let big = 0;
    for (let j = 0; j < d; j++) if (Math.abs(vectors[j * d + k]) > Math.abs(big)) big = vectors[j * d + k];
    const sign = big < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * vectors[j * d + k];
  }
  return { mean, components, count, dims: d };
}

/** Rows projected on the components: (x - mean) . component. */
export function pcaTransform(p: Pca, m: Matrix): Matrix {
  const out = new Float64Array(m.rows * p.count);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < p.count; c++) {
      let s = 0;
      for (let j = 0; j < p.dims; j++) s += (m.data[r * p.dims + j] - p.mean[j]) * p.components[c * p.dims + j];
      out[r * p.count + c] = s;
    }
  }
  return { rows: m.rows, dims: p.count, data: out };
}

/**
 * Eigenvalues and eigenvectors (columns of `vectors`) of a symmetric d x d matrix by cyclic
 * Jacobi rotations: slow for large d (cubic per sweep) but accurate to rounding for every
 * eigenvector, which a projection needs.
 */
export function symmetricEigen(input: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < d; i++) {
      diag += a[i * d + i] * a[i * d + i];
      for (let j = i + 1; j < d; j++) off += a[i * d + j] * a[i * d + j];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        const app = a[p * d + p];
        const aqq = a[q * d + q];
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = a[i * d + i];
  return { values, vectors: v };
}

/** numpy's default percentile (linear interpolation) of unsorted values, q in 0..100. */
export function percentile(values: readonly number[], q: number): number {
  const sorted = Float64Array.from(values).sort();
  const pos = (sorted.length - 1) * (q / 100);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** numpy's median (mean of the two middle values for an even count). */
export function median(values: Float64Array): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  return n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}
