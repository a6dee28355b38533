import { parseEmbeddingMethod } from '../stats/embeddings/options';
import { columnMap, DriftSettingsError, type DriftSettings, type EmbeddingMethodSettings } from './settings';

/**
 * Reads a drift.config.json. Its JSON schema is schemas/drift.config.schema.json (editors
 * validate with it); this check gives the same answers with messages that name the file.
 */
export function parseDriftConfig(text: string, source: string): DriftSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DriftSettingsError(`${source}: not valid JSON: ${(e as Error).message}`);
  }
  if (!isObject(raw)) throw new DriftSettingsError(`${source}: must hold a JSON object`);
  const out: DriftSettings = {};
  const fail = (key: string, what: string): never => {
    throw new DriftSettingsError(`${source}: "${key}" ${what}`);
  };
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case '$schema':
        break;
      case 'columns':
      case 'exclude':
        if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(key, 'must be a list of column names');
        out[key] = value as string[];
        break;
      case 'method':
      case 'numMethod':
      case 'catMethod':
      case 'textMethod':
        if (typeof value !== 'string') fail(key, 'must be a test id such as "ks"');
        out[key] = value as string;
        break;
      case 'threshold':
      case 'numThreshold':
      case 'catThreshold':
      case 'textThreshold':
        out[key] = finiteNumber(value) ?? fail(key, 'must be a number');
        break;
      case 'driftShare': {
        const v = finiteNumber(value);
        if (v === undefined || v < 0 || v > 1) fail(key, 'must be a number from 0 to 1');
        out.driftShare = v;
        break;
      }
      case 'perColumnMethod':
        if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
          fail(key, 'must map column names to test ids');
        }
        out.perColumnMethod = columnMap(value as Record<string, string>);
        break;
      case 'perColumnThreshold':
        if (!isObject(value) || !Object.values(value).every((v) => finiteNumber(v) !== undefined)) {
          fail(key, 'must map column names to numbers');
        }
        out.perColumnThreshold = columnMap(value as Record<string, number>);
        break;
      case 'correction':
        if (value !== 'none' && value !== 'bonferroni' && value !== 'benjamini-hochberg') {
          fail(key, 'must be "none", "bonferroni" or "benjamini-hochberg"');
        }
        out.correction = value as DriftSettings['correction'];
        break;
      case 'bins':
        if (isBinCount(value)) out.bins = value as number;
        else if (isObject(value) && Object.values(value).every(isBinCount)) out.bins = columnMap(value as Record<string, number>);
        else fail(key, 'must be a whole number of bins from 2 to 1000, or map column names to one');
        break;
      case 'sample':
        if (!isSampleSize(value)) fail(key, 'must be a whole number of rows, at least 1');
        out.sample = value as number;
        break;
      case 'profileMaxDistinct':
        // The same rule as --max-distinct (src/cli/args.ts) and the setting driftInspector.profileMaxDistinct.
        if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) fail(key, 'must be a whole number of distinct values, at least 1');
        out.profileMaxDistinct = value as number;
        break;
      case 'sampleSeed':
        if (!isSeed(value)) fail(key, 'must be a whole number from 0 to 4294967295');
        out.sampleSeed = value as number;
        break;
      case 'embeddings':
        if (!isObject(value) || !Object.values(value).every((v) => Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string'))) {
          fail(key, 'must map embedding names to lists of columns (names or prefix_* patterns)');
        }
        out.embeddings = Object.assign(Object.create(null) as Record<string, string[]>, value as Record<string, string[]>);
        break;
      case 'embeddingMethod':
        try {
          out.embeddingMethod = typeof value === 'string' ? parseEmbeddingMethod(value) : isObject(value) ? embeddingMethodObject(value) : fail(key, 'must be a method text or object');
        } catch (e) {
          if (e instanceof DriftSettingsError) throw e;
          fail(key, `is not usable: ${(e as Error).message}`);
        }
        break;
      case 'imageEmbedding':
        if (typeof value !== 'boolean') fail(key, 'must be true or false');
        out.imageEmbedding = value as boolean;
        break;
      default:
        fail(key, 'is not a known setting');
    }
  }
  return out;
}

/** `{"method": "mmd", "pca_components": 10, ...}` with Evidently's option names: the same as the text form. */
function embeddingMethodObject(v: Record<string, unknown>): EmbeddingMethodSettings {
  const { method, ...rest } = v;
  if (typeof method !== 'string') throw new Error('"method" must be distance, ratio or mmd');
  const parts = [method, ...Object.entries(rest).map(([k, x]) => `${k}=${String(x)}`)];
  return parseEmbeddingMethod(parts.join(','));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function finiteNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function isSampleSize(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1;
}

export function isSeed(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}

function isBinCount(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 2 && v <= 1000;
}
