import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { compareDatasetsParallel } from '../../src/core/drift/parallel';
import { parseDriftConfig } from '../../src/core/drift/config';
import type { EmbeddingMethodSettings } from '../../src/core/drift/settings';
import type { Column, Dataset } from '../../src/core/read/dataset';
import { readJsonLines } from '../../src/core/read/index';
import { fitPca, pcaTransform, type Matrix } from '../../src/core/stats/embeddings/linalg';
import { testEmbedding } from '../../src/core/stats/embeddings/methods';
import { parseEmbeddingMethod } from '../../src/core/stats/embeddings/options';

const ROOT = path.join(__dirname, '..', '..', '..');

interface Case {
  name: string;
  reference: number[][];
  current: number[][];
  results: { method: 'distance' | 'ratio' | 'mmd'; options: Record<string, string | number | boolean>; score: number; drifted: boolean; threshold: number }[];
}
/** Written by scripts/embeddings/generate.py (numpy, scipy, scikit-learn, following Evidently's code). */
const CASES = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test/fixtures/embeddings/cases.json'), 'utf8')) as { cases: Case[] }).cases;

function matrix(rows: number[][]): Matrix {
  return { rows: rows.length, dims: rows[0].length, data: Float64Array.from(rows.flat()) };
}

function settingsOf(method: EmbeddingMethodSettings['method'], o: Record<string, string | number | boolean>): EmbeddingMethodSettings {
  return parseEmbeddingMethod([method, ...Object.entries(o).map(([k, v]) => `${k}=${String(v)}`)].join(','));
}

function close(a: number, e: number, rel: number, what: string) {
  assert.ok(Math.abs(a - e) <= rel * Math.max(Math.abs(e), 1e-12), `${what}: ${a} vs ${e}`);
}

describe('embedding drift against numpy/scipy/scikit-learn (scripts/embeddings/generate.py)', () => {
  for (const c of CASES) {
    for (const r of c.results) {
      it(`${c.name}: ${r.method} ${JSON.stringify(r.options)}`, () => {
        const got = testEmbedding(matrix(c.reference), matrix(c.current), settingsOf(r.method, r.options));
        // PCA: eigenvectors of the covariance here, SVD in scikit-learn: equal to about 1e-12.
        close(got.score, r.score, r.options.pca_components ? 1e-9 : 1e-11, 'score');
        close(got.threshold, r.threshold, 1e-11, 'threshold');
        assert.equal(got.drifted, r.drifted);
      });
    }
  }
});

describe('embeddings in a comparison', () => {
  const c = CASES[0];
  const numericTable = (rows: number[][], source: string): Dataset => ({
    source,
    format: 'csv',
    rows: rows.length,
    warnings: [],
    columns: [
      ...rows[0].map((_, j): Column => ({ name: `emb_${j}`, storage: 'numeric', values: Float64Array.from(rows.map((r) => r[j])), integer: false, infinities: 0 })),
      { name: 'other', storage: 'numeric', values: Float64Array.from(rows.map((_, i) => i % 7)), integer: true, infinities: 0 },
    ],
  });

  it('tests numeric columns named as one (prefix_*) as one row, and not one by one', async () => {
    const report = await compareDatasetsParallel(numericTable(c.reference, 'r.csv'), numericTable(c.current, 'c.csv'), { embeddings: { e: ['emb_*'] } });
    assert.deepEqual(report.columns.map((x) => x.name), ['other']);
    const e = report.embeddings![0];
    assert.equal(e.name, 'e');
    assert.equal(e.dimension, 16);
    assert.equal(e.method, 'distance');
    close(e.score!, c.results[0].score, 1e-11, 'distance');
    assert.equal(e.drifted, true);
    assert.equal(e.projection!.reference.length, 300);
  });

  it('finds a JSON Lines column of number arrays by itself', async () => {
    const lines = (rows: number[][]) => new TextEncoder().encode(rows.map((v, i) => JSON.stringify({ id: i % 3, vec: v })).join('\n'));
    const ref = await readJsonLines(lines(c.reference), 'r.jsonl');
    const cur = await readJsonLines(lines(c.current), 'c.jsonl');
    const report = await compareDatasetsParallel(ref, cur, { embeddingMethod: parseEmbeddingMethod('mmd') });
    const e = report.embeddings!.find((x) => x.name === 'vec')!;
    close(e.score!, c.results.find((r) => r.method === 'mmd')!.score, 1e-11, 'mmd');
    assert.ok(!report.columns.some((x) => x.name === 'vec'));
  });

  it('reads embeddings and the method from drift.config.json, with messages naming the file', () => {
    const s = parseDriftConfig('{"embeddings": {"e": ["a", "b"]}, "embeddingMethod": "ratio,component_stattest_threshold=0.2"}', 'drift.config.json');
    assert.deepEqual(s.embeddingMethod, { method: 'ratio', componentStattestThreshold: 0.2 });
    assert.throws(() => parseDriftConfig('{"embeddingMethod": "mmd,dist=cosine"}', 'cfg.json'), /cfg\.json: "embeddingMethod" is not usable: mmd takes threshold/);
  });

  it('PCA projections are orthonormal and keep distances', () => {
    const m = matrix(c.reference);
    const p = fitPca(m, 16);
    const t = pcaTransform(p, m);
    const d = (x: Matrix, i: number, j: number) => Math.hypot(...Array.from({ length: x.dims }, (_, k) => x.data[i * x.dims + k] - x.data[j * x.dims + k]));
    close(d(t, 3, 7), d(m, 3, 7), 1e-12, 'distance');
  });
});
