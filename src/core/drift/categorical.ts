import type { CategoricalPair } from '../stats/types';
import type { PreparedSide } from './prepare';

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
