/**
 * Small numeric helpers shared by the p-value tests: rounding and summation that behave like the
 * numpy calls scipy makes, and Python's ordering of category labels.
 */

/** numpy `np.round` for a scalar: round half to even (banker's rounding), not JavaScript's half-up. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round sends an exact .5 up; numpy sends it to the even neighbour.
  if (Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/** Greatest common divisor of two non-negative integers. */
export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

/**
 * Compensated (Neumaier) sum. numpy sums with pairwise summation; a compensated sum is at least as
 * accurate, so the two agree to rounding level even on long columns.
 */
export function accurateSum(values: ArrayLike<number>): number {
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + comp;
}

/** Arithmetic mean with a compensated sum (numpy `mean`). */
export function mean(values: ArrayLike<number>): number {
  return accurateSum(values) / values.length;
}

/** Variance with `ddof` (numpy `var(x, ddof)`): squared deviations from the mean, over n - ddof. */
export function variance(values: ArrayLike<number>, ddof: number): number {
  const m = mean(values);
  const dev = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) dev[i] = (values[i] - m) * (values[i] - m);
  return accurateSum(dev) / (values.length - ddof);
}

/** Compares two strings by Unicode code point, as Python does (JavaScript compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(j) as number;
    if (ca !== cb) return ca < cb ? -1 : 1;
    i += ca > 0xffff ? 2 : 1;
    j += cb > 0xffff ? 2 : 1;
  }
  const restA = a.length - i;
  const restB = b.length - j;
  return restA === restB ? 0 : restA < restB ? -1 : 1;
}

/**
 * Python's `sorted()` order for category labels: numbers numerically, strings by code point.
 * A mix cannot be sorted in Python; here numbers come first so the order is still defined.
 */
export function comparePythonLabels(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  return typeof a === 'number' ? -1 : 1;
}
