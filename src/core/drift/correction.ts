/**
 * Multiple-testing corrections for p-values (off by default so verdicts stay Evidently's).
 * Both return adjusted p-values in input order, capped at 1.
 */

/** Bonferroni: p * m. */
export function bonferroni(p: readonly number[]): number[] {
  return p.map((x) => Math.min(1, x * p.length));
}

/**
 * Benjamini-Hochberg step-up: the adjusted p of the i-th smallest is min over j >= i of
 * p_(j) * m / j (as statsmodels' multipletests 'fdr_bh' and R's p.adjust 'BH').
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
  const out = new Array<number>(m);
  let running = 1;
  for (let k = m - 1; k >= 0; k--) {
    const i = order[k];
    running = Math.min(running, (p[i] * m) / (k + 1));
    out[i] = Math.min(1, running);
  }
  return out;
}
