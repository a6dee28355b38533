/**
 * scipy.special.rel_entr(x, y): x*ln(x/y) when both are positive, 0 when x is 0 and y >= 0,
 * +inf otherwise. The elementwise term of Kullback-Leibler and Jensen-Shannon divergences.
 */
export function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Infinity;
}

/** Divides by the numpy-ordered sum, as scipy does before computing divergences. */
export function normalise(values: Float64Array, total: number): Float64Array {
  return values.map((v) => v / total);
}
