/**
 * Upper-tail probabilities of the reference distributions the p-value tests end in. Each is computed
 * from the complementary special function (erfc, upper incomplete gamma, incomplete beta), never as
 * 1 - cdf, so tiny p-values keep their relative accuracy.
 */
import erfc = require('@stdlib/math-base-special-erfc');
import gammainc = require('@stdlib/math-base-special-gammainc');
import betainc = require('@stdlib/math-base-special-betainc');

/** Standard normal survival function P(Z > z) (scipy `norm.sf`). */
export function normalSf(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** Chi-squared survival function P(X > x) with `df` degrees of freedom (scipy `chi2.sf`). */
export function chi2Sf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return NaN; // scipy: df must be positive
  if (x === Infinity) return 0;
  if (x <= 0) return 1;
  return gammainc(x / 2, df / 2, true, true);
}

/**
 * Two-sided Student t p-value P(|T| >= |t|) with `df` degrees of freedom
 * (scipy `2 * stdtr(df, -|t|)`): the regularized incomplete beta I_{df/(df+t^2)}(df/2, 1/2),
 * evaluated as the upper tail of I_{t^2/(df+t^2)}(1/2, df/2) so neither tail loses precision.
 */
export function studentTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const t2 = t * t;
  return betainc(t2 / (df + t2), 0.5, df / 2, true, true);
}
