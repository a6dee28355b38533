import type { CategoricalPair, NumericSide, PairCounts } from './types';

/** Builds a NumericSide from finite values (test helper and engine helper). */
export function numericSide(values: ArrayLike<number>): NumericSide {
  const v = Float64Array.from(values);
  const sorted = Float64Array.from(v).sort();
  return { values: v, sorted };
}

/** Builds a CategoricalPair from two arrays of category values (strings or numbers). */
export function categoricalPair(
  ref: ReadonlyArray<string | number>,
  cur: ReadonlyArray<string | number>,
): CategoricalPair {
  const index = new Map<string | number, number>();
  const labels: Array<string | number> = [];
  const encode = (xs: ReadonlyArray<string | number>): Int32Array => {
    const codes = new Int32Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      let c = index.get(xs[i]);
      if (c === undefined) {
        c = labels.length;
        labels.push(xs[i]);
        index.set(xs[i], c);
      }
      codes[i] = c;
    }
    return codes;
  };
  const r = encode(ref);
  const c = encode(cur);
  return { labels, ref: r, cur: c };
}

/** Per-label counts of one side. */
export function countCodes(codes: Int32Array, nLabels: number): Float64Array {
  const counts = new Float64Array(nLabels);
  for (let i = 0; i < codes.length; i++) counts[codes[i]]++;
  return counts;
}

/** Rows per label of both sides: the pair's own counts when it has them, else counted from its rows. */
export function pairCounts(pair: CategoricalPair): PairCounts {
  if (pair.counts) return pair.counts;
  const k = pair.labels.length;
  return { ref: countCodes(pair.ref, k), cur: countCodes(pair.cur, k), nRef: pair.ref.length, nCur: pair.cur.length };
}
