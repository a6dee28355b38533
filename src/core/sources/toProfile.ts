import { categoryProfileFromCounts, finishNumeric, type ProfileOptions } from '../profile/build';
import type { ColumnProfile, DatasetProfile } from '../profile/profile';
import type { SourceProfile } from './sourceProfile';

/**
 * A source's profile in the shared column-profile type (src/core/profile/profile.ts), which the
 * engine, the profile file and the cache all read. Unsupported columns have no profile; the
 * report names them (annotateReport in index.ts). Built through profile/build.ts, so the moments,
 * the category order and the distinct-value cap are computed the one canonical way and a source's
 * profile deep-equals the native profile of the same data.
 */
export function toDatasetProfile(p: SourceProfile, options: ProfileOptions = {}): DatasetProfile {
  const columns: ColumnProfile[] = [];
  for (const c of p.columns) {
    if (c.kind === 'numeric') {
      // numericColumn (sourceProfile.ts) already sorted, merged -0 into 0 and dropped non-finite values.
      columns.push(
        finishNumeric(c.name, c.values, c.counts, { missing: c.missing, nonFinite: c.positiveInfinity + c.negativeInfinity, integer: c.integer }, options),
      );
    } else if (c.kind === 'categories') {
      columns.push(categoryProfileFromCounts(c.name, c.values, c.counts, { missing: c.missing, ...(c.logical ? { logical: c.logical } : {}) }));
    }
  }
  return { source: p.source, format: p.format, rows: p.rows, columns, warnings: [...p.warnings], ...(p.sampled ? { sampled: p.sampled } : {}) };
}
