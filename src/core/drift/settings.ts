import type { TestedType } from '../stats/types';

/**
 * What a user can set, with Evidently's DataDriftPreset names in camelCase. Every field is
 * optional; precedence is per-column > per-type > global > default (see `selectTest`).
 */
export interface DriftSettings {
  /** Only these columns (every name must exist in at least one file). */
  columns?: string[];
  /** Leave these columns out. */
  exclude?: string[];
  method?: string;
  numMethod?: string;
  catMethod?: string;
  textMethod?: string;
  perColumnMethod?: Record<string, string>;
  threshold?: number;
  numThreshold?: number;
  catThreshold?: number;
  textThreshold?: number;
  perColumnThreshold?: Record<string, number>;
  /** Dataset drift when drifted/tested >= driftShare. Default 0.5. */
  driftShare?: number;
  /** Multiple-testing correction for p-value tests. Default none (Evidently's verdicts). */
  correction?: 'none' | 'bonferroni' | 'benjamini-hochberg';
  /** Bins for psi / jensenshannon / kl_div on continuous columns (all columns, or per column). */
  bins?: number | Record<string, number>;
  /**
   * Read only a seeded uniform sample of this many rows from each file (for files too large to
   * read whole); stated in the report's `sampling`. Applied by the readers, not the engine.
   */
  sample?: number;
  /** Seed of the sample (default 42): the same seed and files give the same rows. */
  sampleSeed?: number;
  /**
   * Distinct numeric values a column's profile keeps exactly per side (default 1,000,000); above it
   * the profile truncates values and the scores are marked approximate (profile/profile.ts).
   */
  profileMaxDistinct?: number;
}

export const DEFAULT_DRIFT_SHARE = 0.5;

/** A setting that cannot be used; the message says which and why. */
export class DriftSettingsError extends Error {
  override readonly name = 'DriftSettingsError';
}

/** Which setting names a test for a type. */
export function methodForType(s: DriftSettings, type: TestedType): string | undefined {
  return type === 'numerical' ? s.numMethod : type === 'categorical' ? s.catMethod : s.textMethod;
}

export function thresholdForType(s: DriftSettings, type: TestedType): number | undefined {
  return type === 'numerical' ? s.numThreshold : type === 'categorical' ? s.catThreshold : s.textThreshold;
}

export function binsFor(s: DriftSettings, column: string): number | undefined {
  if (typeof s.bins === 'number') return s.bins;
  return s.bins?.[column];
}

/**
 * Later settings win field by field; maps merge key by key. Used to lay command-line options
 * over a config file.
 */
export function mergeSettings(base: DriftSettings, over: DriftSettings): DriftSettings {
  const out: DriftSettings = { ...base };
  for (const [k, v] of Object.entries(over) as [keyof DriftSettings, unknown][]) {
    if (v === undefined) continue;
    if ((k === 'perColumnMethod' || k === 'perColumnThreshold') && typeof v === 'object') {
      (out as Record<string, unknown>)[k] = { ...(base[k] as object | undefined), ...(v as object) };
    } else {
      (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}
