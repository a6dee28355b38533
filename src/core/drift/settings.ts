import { getOwn, setOwn } from '../format/dataKeys';
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
  /**
   * Embeddings: a name for a vector column, or for a group of numeric columns (names, or
   * `prefix_*` patterns), tested as one unit (Evidently's `embeddings` mapping).
   */
  embeddings?: Record<string, string[]>;
  /** Embedding-drift method: distance (default), ratio or mmd, with options. */
  embeddingMethod?: EmbeddingMethodSettings;
  /** Image sets: add each image's no-model embedding (8 x 8 luma + colour histogram) as `image_embedding`. */
  imageEmbedding?: boolean;
}

/** Evidently's embedding-drift methods and their options (src/core/stats/embeddings). */
export interface EmbeddingMethodSettings {
  method: 'distance' | 'ratio' | 'mmd';
  /** distance: euclidean (default), cosine, cityblock, chebyshev. */
  distName?: 'euclidean' | 'cosine' | 'cityblock' | 'chebyshev';
  /** ratio: the per-component test (Evidently: wasserstein) and its threshold (0.1). */
  componentStattest?: string;
  componentStattestThreshold?: number;
  threshold?: number;
  /** Reduce to this many principal components first (fitted on the reference, as Evidently). */
  pcaComponents?: number;
  /** distance/mmd: compare with a quantile of the score between bootstrap samples of the reference instead of the threshold (Evidently: off by default). */
  bootstrap?: boolean;
  quantileProbability?: number;
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
  return perColumn(s.bins, column);
}

/**
 * A per-column setting. Column names come from the data, so a plain `map[column]` would find
 * Object.prototype's members for columns named `constructor`, `toString` or `__proto__`: only
 * the map's own entries count.
 */
export function perColumn<T>(map: Readonly<Record<string, T>> | undefined, column: string): T | undefined {
  return getOwn(map, column);
}

/**
 * A map keyed by column names, without a prototype (so `__proto__` is an ordinary key), from
 * the own entries of each source in turn (later ones win).
 */
export function columnMap<T>(...sources: (Readonly<Record<string, T>> | undefined)[]): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const source of sources) {
    if (source === undefined) continue;
    for (const key of Object.keys(source)) setOwn(out, key, source[key]);
  }
  return out;
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
      (out as Record<string, unknown>)[k] = columnMap(base[k] as Record<string, unknown> | undefined, v as Record<string, unknown>);
    } else {
      (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}
