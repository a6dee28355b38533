import type { CategoricalPair, PairCounts } from '../stats/types';
import type { PreparedDictionary, PreparedSide } from './prepare';

/**
 * Both sides of a column as one categorical comparison. Labels stay numbers when both files
 * hold numbers (so tests sort them as Python does); otherwise every value is compared as text.
 */
export function toCategoricalPair(ref: PreparedSide, cur: PreparedSide): CategoricalPair {
  // The chart and the test both ask for the same pair: build it once.
  const known = pairs.get(ref);
  if (known?.cur === cur) return known.pair;
  const pair = buildPair(ref, cur);
  pairs.set(ref, { cur, pair });
  return pair;
}

const pairs = new WeakMap<PreparedSide, { cur: PreparedSide; pair: CategoricalPair }>();

function buildPair(ref: PreparedSide, cur: PreparedSide): CategoricalPair {
  if (ref.storage === 'dictionary' && cur.storage === 'dictionary') return new CountedPair(ref, cur);
  const asNumbers = ref.storage === 'numeric' && cur.storage === 'numeric';
  const index = new Map<string | number, number>();
  const labels: Array<string | number> = [];
  const labelOf = (key: string | number): number => {
    let c = index.get(key);
    if (c === undefined) {
      c = labels.length;
      labels.push(key);
      index.set(key, c);
    }
    return c;
  };
  const encode = (side: PreparedSide): Int32Array => {
    if (side.storage === 'numeric') {
      const v = side.finite.values;
      const codes = new Int32Array(v.length);
      for (let i = 0; i < v.length; i++) codes[i] = labelOf(asNumbers ? v[i] : String(v[i]));
      return codes;
    }
    const { codes: raw, dictionary } = side.column;
    // Map dictionary entries once, then rows by lookup.
    const remap = new Int32Array(dictionary.length).fill(-1);
    const codes = new Int32Array(side.nonMissing);
    for (let i = 0, j = 0; i < raw.length; i++) {
      const c = raw[i];
      if (c < 0) continue;
      if (remap[c] < 0) remap[c] = labelOf(dictionary[c]);
      codes[j++] = remap[c];
    }
    return codes;
  };
  const r = encode(ref);
  const c = encode(cur);
  return { labels, ref: r, cur: c };
}

/**
 * Two text columns as a pair built from their per-entry counts (prepareSide has them): labels in
 * the order the row-by-row build gives (first occurrence in the reference rows, then in the current
 * rows), found by scanning rows only until every entry that occurs has been seen. The row codes,
 * which only the permutation tests read, are made on first use.
 */
class CountedPair implements CategoricalPair {
  readonly labels: string[] = [];
  readonly counts: PairCounts;
  private readonly refRemap: Int32Array;
  private readonly curRemap: Int32Array;
  private rows: { ref: Int32Array; cur: Int32Array } | undefined;

  constructor(
    private readonly refSide: PreparedDictionary,
    private readonly curSide: PreparedDictionary,
  ) {
    const index = new Map<string, number>();
    this.refRemap = this.firstOccurrences(refSide, index);
    this.curRemap = this.firstOccurrences(curSide, index);
    const k = this.labels.length;
    this.counts = {
      ref: labelCounts(refSide, this.refRemap, k),
      cur: labelCounts(curSide, this.curRemap, k),
      nRef: refSide.nonMissing,
      nCur: curSide.nonMissing,
    };
  }

  get ref(): Int32Array {
    return this.materialize().ref;
  }

  get cur(): Int32Array {
    return this.materialize().cur;
  }

  /** Dictionary entry -> label, labels added in order of first occurrence in the rows. */
  private firstOccurrences(side: PreparedDictionary, index: Map<string, number>): Int32Array {
    const { dictionary } = side.column;
    const remap = new Int32Array(dictionary.length).fill(-1);
    for (const c of firstSeen(side)) {
      const key = dictionary[c];
      let label = index.get(key);
      if (label === undefined) {
        label = this.labels.length;
        this.labels.push(key);
        index.set(key, label);
      }
      remap[c] = label;
    }
    return remap;
  }

  private materialize(): { ref: Int32Array; cur: Int32Array } {
    this.rows ??= { ref: rowCodes(this.refSide, this.refRemap), cur: rowCodes(this.curSide, this.curRemap) };
    return this.rows;
  }
}

/**
 * The side's dictionary entries in order of first occurrence in its rows, found by scanning rows
 * until every entry that occurs has been seen; kept per side, as a reference compared with many
 * chunks (src/core/timeline/) would otherwise be scanned again for each one.
 */
function firstSeen(side: PreparedDictionary): Int32Array {
  let order = firstSeenOrders.get(side);
  if (order) return order;
  const { codes, dictionary } = side.column;
  const seenAt = new Uint8Array(dictionary.length);
  order = new Int32Array(side.distinct);
  let seen = 0;
  for (let i = 0; i < codes.length && seen < side.distinct; i++) {
    const c = codes[i];
    if (c < 0 || seenAt[c]) continue;
    seenAt[c] = 1;
    order[seen++] = c;
  }
  firstSeenOrders.set(side, order);
  return order;
}

const firstSeenOrders = new WeakMap<PreparedDictionary, Int32Array>();

function labelCounts(side: PreparedDictionary, remap: Int32Array, k: number): Float64Array {
  const out = new Float64Array(k);
  for (let c = 0; c < remap.length; c++) if (remap[c] >= 0) out[remap[c]] += side.counts[c];
  return out;
}

function rowCodes(side: PreparedDictionary, remap: Int32Array): Int32Array {
  const raw = side.column.codes;
  const codes = new Int32Array(side.nonMissing);
  for (let i = 0, j = 0; i < raw.length; i++) if (raw[i] >= 0) codes[j++] = remap[raw[i]];
  return codes;
}
