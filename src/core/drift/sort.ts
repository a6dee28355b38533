/**
 * Ascending sort of finite doubles, the same order as Float64Array.prototype.sort (-0 before +0),
 * by LSD radix on the IEEE-754 bits. Digits of 11 bits (the counts fit in L1 cache); all digit
 * counts come from one read pass, and a digit that is the same for every value costs nothing.
 * When the low 32 bits are the same in every value (integers and short decimals of moderate size
 * mostly are), only the high words are sorted. Faster than the built-in sort on millions of values
 * (bench/results.md); every numerical column of both files is sorted once. Integers, and decimals
 * with few places, in a narrow range are counted instead.
 */

/** Below this the built-in sort wins (radix has fixed costs). */
const RADIX_FROM = 2048;
const BUCKETS = 2048;
const MASK = BUCKETS - 1;
const SIGN = -2147483648;

export function sortFinite(values: Float64Array): Float64Array {
  return sortFiniteRuns(values).sorted;
}

/**
 * The sorted values and their runs (each distinct value, -0 as +0, and how often it occurs), as
 * build.ts runsOf would find them in `sorted` after writing +0 over -0.
 */
export interface SortedRuns {
  readonly sorted: Float64Array;
  /** Set when a counting sort made them while writing (no pass over `sorted` needed). */
  readonly runs?: { readonly values: Float64Array; readonly counts: Float64Array };
}

/** sortFinite, with the runs when a counting sort ran (its buckets are the runs). */
export function sortFiniteRuns(values: Float64Array): SortedRuns {
  const n = values.length;
  if (n < RADIX_FROM) return { sorted: values.slice().sort() };
  const counted = countingSort(values) ?? countingSortDecimals(values);
  if (counted) return counted;
  return { sorted: radixSort(values) };
}

function radixSort(values: Float64Array): Float64Array {
  const n = values.length;
  const words = new Int32Array(values.buffer, values.byteOffset, n * 2);
  const lo0 = words[0];
  let sameLow = true;
  for (let i = 1; i < n; i++) {
    if (words[2 * i] !== lo0) {
      sameLow = false;
      break;
    }
  }
  return sameLow ? sortHigh(words, n, lo0) : sortBoth(words, n);
}

/**
 * Integers in a range no wider than the data (delays, distances, counts: the usual numerical
 * column) sort by counting each value: one read pass and one write pass instead of a radix pass
 * per digit. -0 is counted apart and written before +0, as the built-in sort orders them.
 * Undefined when the values are not such integers.
 */
function countingSort(values: Float64Array): SortedRuns | undefined {
  const n = values.length;
  let min = values[0];
  let max = values[0];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    // (v | 0) === v: an integer within 32 bits (-0 included, as 0).
    if ((v | 0) !== v) return undefined;
    if (v < min) min = v;
    else if (v > max) max = v;
  }
  const range = max - min + 1;
  if (range > n) return undefined;
  const counts = new Int32Array(range);
  let negativeZeros = 0;
  let distinct = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (counts[v - min]++ === 0) distinct++;
    if (v === 0 && 1 / v < 0) negativeZeros++;
  }
  return writeCounted(counts, n, distinct, negativeZeros, min, 1);
}

/**
 * The sorted values from a counting sort's counts, and their runs: bucket b holds (min + b) / scale.
 * -0 was counted in the bucket of 0, which writes +0: the -0s go first, as the built-in sort orders
 * them; the run of 0 counts both (+0 as its value), as runsOf does after -0 is written as +0.
 */
function writeCounted(counts: Int32Array, n: number, distinct: number, negativeZeros: number, min: number, scale: number): SortedRuns {
  const out = new Float64Array(n);
  const runValues = new Float64Array(distinct);
  const runCounts = new Float64Array(distinct);
  // The bucket of 0 when -0s are to go first (-min is never a bucket when min > 0).
  const zero = negativeZeros > 0 ? -min : -1;
  let at = 0;
  let r = 0;
  for (let b = 0; b < counts.length; b++) {
    const c = counts[b];
    if (c === 0) continue;
    const v = (min + b) / scale; // exact for scale 1
    runValues[r] = v;
    runCounts[r++] = c;
    const end = at + c;
    if (b === zero) {
      out.fill(-0, at, at + negativeZeros);
      at += negativeZeros;
    }
    // Runs of a value or two (decimals): stores cost less than a call to fill.
    while (at < end) out[at++] = v;
  }
  return { sorted: out, runs: { values: runValues, counts: runCounts } };
}

/** Decimal places tried for countingSortDecimals: numbers as CSV files write them. */
const SCALES = [10, 100, 1000, 10000];
/** The counts array of a scaled counting sort may be this many times the values (sparse decimals). */
const DECIMAL_SPREAD = 4;

/**
 * Decimals written with few places in a narrow range (prices, measurements: 98.658) sort by
 * counting too: with s = 10^places, every value v is k / s for the integer k = round(v s) (the
 * reader parsed it as that correctly rounded division), and k / s is strictly increasing in k, so
 * counting each k and writing k / s back gives the sorted values bit for bit. One pass checks
 * that every value is such a k / s; otherwise undefined, and the radix sort runs.
 */
function countingSortDecimals(values: Float64Array): SortedRuns | undefined {
  const n = values.length;
  // The fewest places that fit the first values; all values are checked below.
  let scale = 0;
  for (const s of SCALES) {
    let fits = true;
    for (let i = 0; i < Math.min(n, 64) && fits; i++) fits = Math.round(values[i] * s) / s === values[i];
    if (fits) {
      scale = s;
      break;
    }
  }
  if (scale === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  // Each k kept for the counting pass (one multiply and round per value, not two).
  const keys = new Int32Array(n);
  let negativeZeros = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const k = Math.round(v * scale);
    // (k | 0) === k: k within 32 bits; k / scale === v: v is exactly that decimal (-0 as 0).
    if ((k | 0) !== k || k / scale !== v) return undefined;
    keys[i] = k;
    if (k < min) min = k;
    if (k > max) max = k;
    if (k === 0 && 1 / v < 0) negativeZeros++;
  }
  const range = max - min + 1;
  if (range > n * DECIMAL_SPREAD) return undefined;
  const counts = new Int32Array(range);
  let distinct = 0;
  for (let i = 0; i < n; i++) if (counts[keys[i] - min]++ === 0) distinct++;
  return writeCounted(counts, n, distinct, negativeZeros, min, scale);
}

/** Prefix sums of one digit's counts, in place; false when every key has the same digit. */
function offsets(counts: Int32Array, base: number, n: number): boolean {
  let sum = 0;
  for (let b = base; b < base + BUCKETS; b++) {
    const c = counts[b];
    if (c === n) return false;
    counts[b] = sum;
    sum += c;
  }
  return true;
}

/**
 * Low words all equal: equal high words then mean equal values (the sign is in the high word),
 * so the high words alone give the order.
 */
function sortHigh(words: Int32Array, n: number, low: number): Float64Array {
  let key = new Int32Array(n);
  const counts = new Int32Array(BUCKETS * 3);
  for (let i = 0; i < n; i++) {
    const w = words[2 * i + 1];
    // Flip so that signed order of (key ^ SIGN), i.e. unsigned order of key, is numeric order.
    const h = w < 0 ? ~w : w ^ SIGN;
    key[i] = h;
    counts[h & MASK]++;
    counts[BUCKETS + ((h >>> 11) & MASK)]++;
    counts[2 * BUCKETS + (h >>> 22)]++;
  }
  let tmp = new Int32Array(n);
  for (let d = 0; d < 3; d++) {
    const base = d * BUCKETS;
    if (!offsets(counts, base, n)) continue;
    const shift = d * 11;
    for (let i = 0; i < n; i++) {
      const h = key[i];
      tmp[counts[base + ((h >>> shift) & MASK)]++] = h;
    }
    const t = key;
    key = tmp;
    tmp = t;
  }
  const out = new Float64Array(n);
  const outWords = new Int32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const h = key[i];
    outWords[2 * i + 1] = h < 0 ? h ^ SIGN : ~h;
    outWords[2 * i] = low;
  }
  return out;
}

function sortBoth(words: Int32Array, n: number): Float64Array {
  let hi = new Int32Array(n);
  let lo = new Int32Array(n);
  const counts = new Int32Array(BUCKETS * 6);
  for (let i = 0; i < n; i++) {
    let l = words[2 * i];
    let h = words[2 * i + 1];
    if (h < 0) {
      h = ~h;
      l = ~l;
    } else h = h ^ SIGN;
    hi[i] = h;
    lo[i] = l;
    counts[l & MASK]++;
    counts[BUCKETS + ((l >>> 11) & MASK)]++;
    counts[2 * BUCKETS + (l >>> 22)]++;
    counts[3 * BUCKETS + (h & MASK)]++;
    counts[4 * BUCKETS + ((h >>> 11) & MASK)]++;
    counts[5 * BUCKETS + (h >>> 22)]++;
  }
  let hi2 = new Int32Array(n);
  let lo2 = new Int32Array(n);
  for (let d = 0; d < 6; d++) {
    const base = d * BUCKETS;
    if (!offsets(counts, base, n)) continue;
    const shift = (d % 3) * 11;
    const src = d < 3 ? lo : hi;
    for (let i = 0; i < n; i++) {
      const at = counts[base + ((src[i] >>> shift) & MASK)]++;
      hi2[at] = hi[i];
      lo2[at] = lo[i];
    }
    let t = hi;
    hi = hi2;
    hi2 = t;
    t = lo;
    lo = lo2;
    lo2 = t;
  }
  const out = new Float64Array(n);
  const outWords = new Int32Array(out.buffer);
  for (let i = 0; i < n; i++) {
    const h = hi[i];
    if (h < 0) {
      outWords[2 * i + 1] = h ^ SIGN;
      outWords[2 * i] = lo[i];
    } else {
      outWords[2 * i + 1] = ~h;
      outWords[2 * i] = ~lo[i];
    }
  }
  return out;
}
