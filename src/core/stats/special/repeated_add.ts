/**
 * Adding the same number many times, with the result of the float64 loop bit for bit, in a number
 * of steps that grows with the binades the sum crosses (about 60 at most), not with the count.
 *
 * A column profile (src/core/profile/profile.ts) says "value v, c times"; the summaries and tests
 * sum their values one by one in ascending order (numpy's order, simple-statistics' order). Within
 * a binade [2^e, 2^(e+1)) every float is a multiple of u = 2^(e-52), so fl(s + t) = s + δ with
 * δ = t rounded to a multiple of u, the same δ for every step that stays inside the binade. A tie
 * (t exactly halfway between two multiples) rounds to the even multiple, so after one step from an
 * odd multiple the increment is constant too. The loop is therefore a few straight segments
 * `s + k δ` (exact: a multiple of u below 2^(e+1)) joined by single steps at the binade edges.
 * test/unit/stats-repeated-add.test.ts checks it against the literal loop.
 */

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

/** 2^e for a normal positive x in [2^e, 2^(e+1)): x with its mantissa cleared. */
function binadeLow(x: number): number {
  bits[0] = x;
  // Little-endian words: [1] holds the sign, the exponent and the top mantissa bits.
  words[1] &= 0x7ff00000;
  words[0] = 0;
  return bits[0];
}

/** Far from the subnormals and from overflow, where the segment arithmetic below holds. */
const SMALLEST = 2 ** -1000;
const LARGEST = 2 ** 1000;

/**
 * How many of the next `c` additions of b to a (both already flipped so a > 0) add the same
 * increment `step` to a, and that increment; 0 steps means "take one addition as it comes". Every
 * intermediate sum must stay at least one ulp inside the binade of a: the exact sum is then
 * rounded on a's grid.
 */
function segment(a: number, b: number, c: number): { k: number; step: number } {
  if (!(a >= SMALLEST && a < LARGEST)) return { k: 0, step: 0 };
  const lo = binadeLow(a);
  const hi = lo * 2;
  const u = lo * 2 ** -52;
  const next = a + b;
  const step = next - a; // exact: both in one binade (Sterbenz)
  // No change now is no change ever: an exact tie from an even multiple stays put, others round to 0.
  if (step === 0) return { k: c, step: 0 };
  if (next < lo + u || next > hi - u) return { k: 0, step: 0 };
  // b - step is exact (they are within a factor 2 of each other): a tie is |b - step| = u / 2, and
  // from an odd multiple of u its first step differs from the next ones.
  if (Math.abs(b - step) === u / 2 && (a / u) % 2 !== 0) return { k: 0, step: 0 };
  let k = step > 0 ? Math.floor((hi - u - a) / step) : Math.floor((a - lo - u) / -step);
  if (k > c) k = c;
  // The division may round up across an integer: step back while the end leaves the binade.
  while (k > 1 && !(a + k * step >= lo + u && a + k * step <= hi - u)) k--;
  return { k, step };
}

/** The value of `s` after `for (let i = 0; i < c; i++) s += t;`, bit for bit. */
export function repeatedAdd(s: number, t: number, c: number): number {
  // After one addition of 0, an infinity or a NaN, further additions change nothing.
  if (c > 0 && (t === 0 || !Number.isFinite(s) || !Number.isFinite(t))) return s + t;
  while (c > 0) {
    // Rounding to nearest is symmetric: work on |s|, with t flipped alike.
    const flip = s < 0;
    const { k, step } = segment(flip ? -s : s, flip ? -t : t, c);
    if (k === 0) {
      s += t;
      c--;
      continue;
    }
    const a = (flip ? -s : s) + k * step;
    s = flip ? -a : a;
    c -= k;
  }
  return s;
}

/** The running state of a Kahan-Babuska (Neumaier) sum, as simple-statistics' `sum` keeps it. */
export interface KahanState {
  sum: number;
  correction: number;
}

/**
 * `c` iterations of simple-statistics' sum loop (Kahan-Babuska) with the same value v, bit for bit:
 *   transition = sum + v;
 *   correction += |sum| >= |v| ? sum - transition + v : v - transition + sum;
 *   sum = transition;
 * While sum stays in one binade whose lower edge is at least |v|, the first branch is taken and
 * sum - transition is exactly the constant -step, so each iteration adds one constant error term
 * to the correction: two repeated additions.
 */
export function kahanAddRepeated(state: KahanState, v: number, c: number): void {
  let { sum, correction } = state;
  while (c > 0) {
    const flip = sum < 0;
    const a = flip ? -sum : sum;
    let k = 0;
    let step = 0;
    if (v !== 0 && Number.isFinite(v) && a >= SMALLEST && a < LARGEST && Math.abs(v) <= binadeLow(a)) {
      ({ k, step } = segment(a, flip ? -v : v, c));
    }
    if (k === 0) {
      const transition = sum + v;
      if (Math.abs(sum) >= Math.abs(v)) correction += sum - transition + v;
      else correction += v - transition + sum;
      sum = transition;
      c--;
      if (v === 0 || !Number.isFinite(sum)) {
        // Nothing changes any more except the correction, which keeps adding the same term.
        const term = Math.abs(sum) >= Math.abs(v) ? sum - (sum + v) + v : v - (sum + v) + sum;
        correction = repeatedAdd(correction, term, c);
        sum = repeatedAdd(sum, v, c);
        c = 0;
      }
      continue;
    }
    // The first iteration's error term, which every iteration of the segment repeats.
    const transition = sum + v;
    const term = sum - transition + v;
    correction = repeatedAdd(correction, term, k);
    const end = a + k * step;
    sum = flip ? -end : end;
    c -= k;
  }
  state.sum = sum;
  state.correction = correction;
}
