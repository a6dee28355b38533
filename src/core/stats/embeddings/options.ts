import type { EmbeddingMethodSettings } from '../../drift/settings';

/**
 * `--embedding-method` text: the method id, then comma-separated options with Evidently's names:
 * `mmd,pca_components=10,bootstrap=true,quantile_probability=0.05`,
 * `distance,dist=cosine,threshold=0.3`, `ratio,component_stattest_threshold=0.2`.
 */
export function parseEmbeddingMethod(text: string): EmbeddingMethodSettings {
  const [id, ...rest] = text.split(',').map((s) => s.trim());
  if (id !== 'distance' && id !== 'ratio' && id !== 'mmd') throw new Error(`the method must be distance, ratio or mmd, not '${id}'`);
  const out: EmbeddingMethodSettings = { method: id };
  for (const item of rest) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    const value = eq < 0 ? '' : item.slice(eq + 1);
    out[optionKey(id, key)] = optionValue(key, value) as never;
  }
  return checkEmbeddingMethod(out);
}

type Key = Exclude<keyof EmbeddingMethodSettings, 'method'>;

const KEYS: Readonly<Record<string, Key>> = {
  dist: 'distName',
  threshold: 'threshold',
  pca_components: 'pcaComponents',
  bootstrap: 'bootstrap',
  quantile_probability: 'quantileProbability',
  component_stattest: 'componentStattest',
  component_stattest_threshold: 'componentStattestThreshold',
};

/** Which options each method takes (Evidently's signatures). */
const ALLOWED: Readonly<Record<EmbeddingMethodSettings['method'], readonly string[]>> = {
  distance: ['dist', 'threshold', 'bootstrap', 'quantile_probability', 'pca_components'],
  ratio: ['component_stattest', 'component_stattest_threshold', 'threshold', 'pca_components'],
  mmd: ['threshold', 'bootstrap', 'quantile_probability', 'pca_components'],
};

function optionKey(method: EmbeddingMethodSettings['method'], key: string): Key {
  if (!ALLOWED[method].includes(key)) throw new Error(`${method} takes ${ALLOWED[method].join(', ')}; not '${key}'`);
  return KEYS[key];
}

function optionValue(key: string, value: string): string | number | boolean {
  if (key === 'dist' || key === 'component_stattest') return value;
  if (key === 'bootstrap') {
    if (value === 'true' || value === '') return true;
    if (value === 'false') return false;
    throw new Error(`bootstrap must be true or false, not '${value}'`);
  }
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x)) throw new Error(`${key} must be a number, not '${value}'`);
  return x;
}

/** Checks an embedding method's options (from the command line or drift.config.json). */
export function checkEmbeddingMethod(m: EmbeddingMethodSettings): EmbeddingMethodSettings {
  if (m.distName !== undefined && !['euclidean', 'cosine', 'cityblock', 'chebyshev'].includes(m.distName)) {
    throw new Error(`dist must be euclidean, cosine, cityblock or chebyshev, not '${m.distName}'`);
  }
  if (m.pcaComponents !== undefined && (!Number.isInteger(m.pcaComponents) || m.pcaComponents < 1)) {
    throw new Error('pca_components must be a whole number, at least 1');
  }
  if (m.quantileProbability !== undefined && !(m.quantileProbability >= 0 && m.quantileProbability <= 1)) {
    throw new Error('quantile_probability must be from 0 to 1');
  }
  return m;
}
