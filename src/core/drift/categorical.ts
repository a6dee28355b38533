import type { CategoricalPair, PairCounts } from '../stats/types';
import type { PreparedSide } from './prepare';

/**
 * Both sides of a column as one categorical comparison, from the two profiles' value counts.
 * Labels stay numbers when both files hold numbers (so tests sort them as Python does); otherwise
 * every value is compared as text. Labels: the reference's values in its profile's order, then the
 * current's values the reference lacks.
 */
export function toCategoricalPair(ref: PreparedSide, cur: PreparedSide): CategoricalPair {
  // The chart and the test both ask for the same pair: build it once.
  const known = pairs.get(ref);
  if (known?.cur === cur) return known.pair;
  const pair = new CountedPair(ref, cur);
  pairs.set(ref, { cur, pair });
  return pair;
}

const pairs = new WeakMap<PreparedSide, { cur: PreparedSide; pair: CategoricalPair }>();

/** One side's distinct values (as labels) and rows per value. */
function entries(side: PreparedSide, asNumbers: boolean): { keys: ArrayLike<string | number>; counts: Float64Array } {
  if (side.storage === 'dictionary') return { keys: side.dictionary, counts: side.counts };
  const { values, counts } = side.profile;
  return { keys: asNumbers ? values : Array.from(values, (v) => String(v)), counts };
}

/**
 * A pair made from counts. The row codes, which only the permutation tests read, are made on first
 * use: each side's rows grouped by value in label order (a profile has no row order).
 */
class CountedPair implements CategoricalPair {
  readonly labels: Array<string | number> = [];
  readonly counts: PairCounts;
  private readonly refEntries: { remap: Int32Array; counts: Float64Array };
  private readonly curEntries: { remap: Int32Array; counts: Float64Array };
  private rows: { ref: Int32Array; cur: Int32Array } | undefined;

  constructor(refSide: PreparedSide, curSide: PreparedSide) {
    const asNumbers = refSide.storage === 'numeric' && curSide.storage === 'numeric';
    const index = new Map<string | number, number>();
    this.refEntries = this.remap(entries(refSide, asNumbers), index);
    this.curEntries = this.remap(entries(curSide, asNumbers), index);
    const k = this.labels.length;
    this.counts = {
      ref: labelCounts(this.refEntries, k),
      cur: labelCounts(this.curEntries, k),
      nRef: total(this.refEntries.counts),
      nCur: total(this.curEntries.counts),
    };
  }

  get ref(): Int32Array {
    return this.materialize().ref;
  }

  get cur(): Int32Array {
    return this.materialize().cur;
  }

  private remap(side: { keys: ArrayLike<string | number>; counts: Float64Array }, index: Map<string | number, number>) {
    const remap = new Int32Array(side.keys.length);
    for (let i = 0; i < side.keys.length; i++) {
      const key = side.keys[i];
      let label = index.get(key);
      if (label === undefined) {
        label = this.labels.length;
        this.labels.push(key);
        index.set(key, label);
      }
      remap[i] = label;
    }
    return { remap, counts: side.counts };
  }

  private materialize(): { ref: Int32Array; cur: Int32Array } {
    this.rows ??= { ref: rowCodes(this.refEntries), cur: rowCodes(this.curEntries) };
    return this.rows;
  }
}

function total(counts: Float64Array): number {
  let n = 0;
  for (let i = 0; i < counts.length; i++) n += counts[i];
  return n;
}

function labelCounts(side: { remap: Int32Array; counts: Float64Array }, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let i = 0; i < side.remap.length; i++) out[side.remap[i]] += side.counts[i];
  return out;
}

function rowCodes(side: { remap: Int32Array; counts: Float64Array }): Int32Array {
  const codes = new Int32Array(total(side.counts));
  for (let i = 0, at = 0; i < side.remap.length; i++) {
    codes.fill(side.remap[i], at, at + side.counts[i]);
    at += side.counts[i];
  }
  return codes;
}
