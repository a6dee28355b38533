import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseDriftConfig } from '../../src/core/drift/config';
import { mergeSettings } from '../../src/core/drift/settings';
import { compareDatasets } from '../../src/core/drift/engine';
import type { Dataset } from '../../src/core/read/dataset';
import { STAT_TESTS } from '../../src/core/stats/registry';

const schema = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', '..', 'schemas', 'drift.config.schema.json'), 'utf8'),
);

describe('drift.config.json', () => {
  it('accepts every setting the schema publishes', () => {
    const cfg = parseDriftConfig(JSON.stringify({
      $schema: 'x', columns: ['a'], exclude: ['b'], method: 'psi', numMethod: 'ks', catMethod: 'chisquare',
      textMethod: 'text_token_jsd', perColumnMethod: { a: 'z' }, threshold: 0.2, numThreshold: 0.1,
      catThreshold: 0.1, textThreshold: 0.1, perColumnThreshold: { a: 0.3 }, driftShare: 0.4,
      correction: 'bonferroni', bins: { a: 30 }, sample: 1000, sampleSeed: 7, profileMaxDistinct: 5000,
      embeddings: { e: ['emb_*'] }, embeddingMethod: { method: 'mmd', pca_components: 2 }, imageEmbedding: true,
    }), 'drift.config.json');
    const published = Object.keys(schema.properties).filter((k) => k !== '$schema').sort();
    assert.deepEqual(Object.keys(cfg).sort(), published);
  });

  it('profileMaxDistinct from the file reaches the engine: over the cap the score is marked approximate', () => {
    const cfg = parseDriftConfig('{"profileMaxDistinct": 16}', 'drift.config.json');
    assert.equal(cfg.profileMaxDistinct, 16);
    assert.equal(schema.properties.profileMaxDistinct.minimum, 1);
    const column = (name: string, offset: number): Dataset['columns'][number] => ({
      name, storage: 'numeric', integer: false, infinities: 0, values: Float64Array.from({ length: 200 }, (_, i) => offset + i * 1.0001),
    });
    const side = (offset: number): Dataset => ({ source: `s${offset}`, format: 'csv', rows: 200, columns: [column('x', offset)], warnings: [] });
    const capped = compareDatasets(side(0), side(3), cfg).columns[0];
    assert.ok(capped.approximate, 'over the cap of the file: approximate');
    assert.equal(compareDatasets(side(0), side(3), {}).columns[0].approximate, undefined);
  });

  it('the schema lists exactly the registered test ids', () => {
    assert.deepEqual([...schema.definitions.testId.enum].sort(), [...STAT_TESTS.keys()].sort());
  });

  it('names the file and the setting when a value is wrong', () => {
    assert.throws(() => parseDriftConfig('{"driftShare": "x"}', 'cfg.json'), /cfg\.json: "driftShare" must be a number from 0 to 1/);
    assert.throws(() => parseDriftConfig('{"treshold": 1}', 'cfg.json'), /"treshold" is not a known setting/);
    assert.throws(() => parseDriftConfig('{', 'cfg.json'), /cfg\.json: not valid JSON/);
    assert.throws(() => parseDriftConfig('[]', 'cfg.json'), /must hold a JSON object/);
    assert.throws(() => parseDriftConfig('{"bins": 1}', 'cfg.json'), /"bins" must be a whole number/);
    assert.throws(() => parseDriftConfig('{"sample": 0}', 'cfg.json'), /"sample" must be a whole number of rows/);
    assert.throws(() => parseDriftConfig('{"sampleSeed": -1}', 'cfg.json'), /"sampleSeed" must be a whole number/);
    assert.throws(() => parseDriftConfig('{"profileMaxDistinct": 0}', 'cfg.json'), /"profileMaxDistinct" must be a whole number of distinct values, at least 1/);
    assert.throws(() => parseDriftConfig('{"profileMaxDistinct": 2.5}', 'cfg.json'), /"profileMaxDistinct" must be a whole number/);
  });

  it('command-line settings override the file field by field; per-column maps merge', () => {
    const merged = mergeSettings(
      { method: 'psi', perColumnThreshold: { a: 0.1, b: 0.2 } },
      { method: undefined, threshold: 0.3, perColumnThreshold: { b: 0.5 } },
    );
    // Per-column maps have no prototype (column names such as `constructor` are data).
    assert.deepEqual({ ...merged, perColumnThreshold: { ...merged.perColumnThreshold } }, { method: 'psi', threshold: 0.3, perColumnThreshold: { a: 0.1, b: 0.5 } });
  });
});
