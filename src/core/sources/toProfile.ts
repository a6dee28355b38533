import type { CategoryProfile, ColumnProfile, DatasetProfile, NumericMoments, NumericProfile } from '../profile/profile';
import type { SourceCategoryColumn, SourceNumericColumn, SourceProfile } from './sourceProfile';

/**
 * A source's profile in the shared column-profile type (src/core/profile/profile.ts), which the
 * engine, the profile file and the cache all read. Unsupported columns have no profile; the
 * report names them (annotateReport in index.ts).
 */
export function toDatasetProfile(p: SourceProfile): DatasetProfile {
  const columns: ColumnProfile[] = [];
  for (const c of p.columns) {
    if (c.kind === 'numeric') columns.push(numericProfile(c));
    else if (c.kind === 'categories') columns.push(categoryProfile(c));
  }
  return { source: p.source, format: p.format, rows: p.rows, columns, warnings: [...p.warnings] };
}

function numericProfile(c: SourceNumericColumn): NumericProfile {
  // numericColumn (sourceProfile.ts) already sorted, merged -0 into 0 and dropped non-finite values.
  let count = 0;
  for (let i = 0; i < c.counts.length; i++) count += c.counts[i];
  return {
    kind: 'numeric',
    name: c.name,
    rows: c.rows,
    missing: c.missing,
    nonFinite: c.positiveInfinity + c.negativeInfinity,
    count,
    integer: c.integer,
    min: c.values.length ? c.values[0] : NaN,
    max: c.values.length ? c.values[c.values.length - 1] : NaN,
    moments: moments(c.values, c.counts, count),
    values: c.values,
    counts: c.counts,
  };
}

/** The moments in the contract's order (ascending values, value x count). */
function moments(values: Float64Array, counts: Float64Array, count: number): NumericMoments {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] * counts[i];
  const mean = count ? sum / count : NaN;
  let m2 = 0;
  let m3 = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i] - mean;
    m2 += counts[i] * d * d;
    m3 += counts[i] * d * d * d;
  }
  const std0 = count ? Math.sqrt(m2 / count) : NaN;
  const std1 = count >= 2 ? Math.sqrt(m2 / (count - 1)) : NaN;
  const skewness = count && std0 > 0 ? m3 / count / (std0 * std0 * std0) : NaN;
  return { sum, mean, m2, std0, std1, skewness };
}

function categoryProfile(c: SourceCategoryColumn): CategoryProfile {
  const order = c.values.map((_, i) => i).sort((a, b) => (c.values[a] < c.values[b] ? -1 : c.values[a] > c.values[b] ? 1 : 0));
  let count = 0;
  for (let i = 0; i < c.counts.length; i++) count += c.counts[i];
  return {
    kind: 'category',
    name: c.name,
    rows: c.rows,
    missing: c.missing,
    count,
    ...(c.logical ? { logical: c.logical } : {}),
    values: order.map((i) => c.values[i]),
    counts: Float64Array.from(order, (i) => c.counts[i]),
  };
}
