/**
 * Walks two ascending samples together, one step per distinct value of the pooled data. Every rank
 * based test (K-S, Mann-Whitney, Anderson-Darling, Cramer-von Mises) only needs, for each distinct
 * value, how many times it occurs in each sample; ties are handled the way numpy's `searchsorted`
 * and scipy's `rankdata(method='average')` see them.
 */
export interface PooledGroups {
  /** Distinct pooled values, ascending. */
  readonly values: Float64Array;
  /** Occurrences of each distinct value in the first sample. */
  readonly countA: Float64Array;
  /** Occurrences of each distinct value in the second sample. */
  readonly countB: Float64Array;
}

export function pooledGroups(sortedA: Float64Array, sortedB: Float64Array): PooledGroups {
  const cap = sortedA.length + sortedB.length;
  const values = new Float64Array(cap);
  const countA = new Float64Array(cap);
  const countB = new Float64Array(cap);
  let i = 0;
  let j = 0;
  let g = 0;
  while (i < sortedA.length || j < sortedB.length) {
    const v =
      j >= sortedB.length || (i < sortedA.length && sortedA[i] <= sortedB[j]) ? sortedA[i] : sortedB[j];
    let ca = 0;
    let cb = 0;
    // `===` treats -0 and +0 as one value, as numpy does.
    while (i < sortedA.length && sortedA[i] === v) {
      ca++;
      i++;
    }
    while (j < sortedB.length && sortedB[j] === v) {
      cb++;
      j++;
    }
    values[g] = v;
    countA[g] = ca;
    countB[g] = cb;
    g++;
  }
  return { values: values.slice(0, g), countA: countA.slice(0, g), countB: countB.slice(0, g) };
}
