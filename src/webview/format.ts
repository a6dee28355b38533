// Number and text formatting for the report UI; one locale so reports read the same everywhere.

const LOCALE = 'en-US';
// Built once: constructing an Intl.NumberFormat costs far more than formatting with it.
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const significant = new Intl.NumberFormat(LOCALE, { maximumSignificantDigits: 4 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** A test score: p-values near zero in exponent form, others with 3 significant digits. */
export function formatScore(x: number | null): string {
  if (x === null) return '—';
  if (Number.isNaN(x)) return 'NaN';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a < 1e-3 || a >= 1e6) return x.toExponential(1).replace('e+', 'e');
  return Number(x.toPrecision(3)).toString();
}

/** A value of the data (summary statistics, bin edges): compact, up to 4 significant digits. */
export function formatValue(x: number | null): string {
  if (x === null) return '—';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a !== 0 && (a < 1e-3 || a >= 1e9)) return x.toExponential(2).replace('e+', 'e');
  if (Number.isInteger(x)) return integer.format(x);
  return significant.format(x);
}

/** A share in [0, 1] as a percentage; small non-zero shares stay visible as "<0.1%". */
export function formatShare(share: number): string {
  if (share === 0) return '0%';
  if (share > 0 && share < 0.001) return '<0.1%';
  const pct = share * 100;
  return `${Number.isInteger(pct) ? pct : pct.toFixed(1)}%`;
}

export const COMPARISON_SYMBOL: Record<'<=' | '<' | '>=' | '>', string> = {
  '<=': '≤',
  '<': '<',
  '>=': '≥',
  '>': '>',
};

/** Shortens long text for canvas labels (the full text stays in tooltips and the summary). */
export function truncate(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
