/**
 * Modified Bessel function of the second kind K_nu(x) for real order nu and x > 0, returned scaled
 * as e^x K_nu(x) so that large arguments do not underflow. (@stdlib has no K_nu of fractional order.)
 *
 * - x < 25: the integral K_nu(x) = int_0^inf exp(-x cosh t) cosh(nu t) dt (DLMF 10.32.9), i.e.
 *   e^x K_nu(x) = int_0^inf exp(-x (cosh t - 1)) cosh(nu t) dt. The integrand is analytic and decays
 *   double-exponentially, so the trapezoidal rule converges geometrically in the step (error about
 *   exp(-2 pi d / h) for a strip of half-width d); a step of 1/64 is far past double precision here.
 * - x >= 25: the Hankel asymptotic expansion (DLMF 10.40.2),
 *   e^x K_nu(x) = sqrt(pi/(2x)) sum_k a_k(nu) / x^k, a_k = prod_{j=1..k} (4nu^2 - (2j-1)^2) / (k! 8^k),
 *   summed until the terms stop shrinking or fall below 1e-17 of the total; at x >= 25 the smallest
 *   term is below exp(-2x), far beyond double precision.
 *
 * Checked against scipy.special.kve over x in [1e-4, 700] (see test/unit/stats-pvalue.test.ts).
 */
export function besselKScaled(nu: number, x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return Infinity;
  return x >= 25 ? hankelExpansion(nu, x) : trapezoidIntegral(nu, x);
}

const STEP = 1 / 64;

function trapezoidIntegral(nu: number, x: number): number {
  let sum = 0.5; // the t = 0 end point carries half weight; the integrand is 1 there
  for (let k = 1; ; k++) {
    const t = k * STEP;
    const f = Math.exp(-x * (Math.cosh(t) - 1)) * Math.cosh(nu * t);
    sum += f;
    // Stop once past the integrand's peak (x sinh t > nu makes it decreasing) and negligible.
    if (x * Math.sinh(t) > nu && f < 1e-18 * sum) break;
  }
  return sum * STEP;
}

function hankelExpansion(nu: number, x: number): number {
  const mu = 4 * nu * nu;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    const next = (term * (mu - (2 * k - 1) ** 2)) / (k * 8 * x);
    if (Math.abs(next) >= Math.abs(term)) break; // asymptotic series: stop at the smallest term
    term = next;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return Math.sqrt(Math.PI / (2 * x)) * sum;
}
