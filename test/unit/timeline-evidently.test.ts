import { strict as assert } from 'assert';
import * as path from 'path';
import { readFileSync } from 'fs';
import { readDatasetFile } from '../../src/core/read/index';
import { computeTimeline } from '../../src/core/timeline/timeline';
import { assertClose } from './helpers/close';

const ROOT = path.join(__dirname, '..', '..', '..');

interface ExpectedColumn {
  name: string;
  evidentlyType: 'num' | 'cat' | 'text' | 'unknown';
  test?: string;
  score?: number;
  threshold?: number;
  drifted?: boolean;
}
interface ExpectedChunk {
  index: number;
  start: string;
  end: string;
  rows: number;
  dataset: { drifted: boolean; driftedColumns: number; testedColumns: number; share: number };
  columns: ExpectedColumn[];
}
interface ExpectedCase {
  name: string;
  reference: string;
  current: string;
  timeColumn: string;
  period: string;
  chunks: ExpectedChunk[];
}

/** Evidently 0.7's default preset run on each chunk (scripts/scipy/gen_timeline_cases.py, pandas grouping by period). */
const cases: ExpectedCase[] = JSON.parse(readFileSync(path.join(ROOT, 'test', 'fixtures', 'scipy', 'timeline-cases.json'), 'utf8')).cases;

describe("timeline against Evidently's default pipeline run chunk by chunk (pandas + scipy)", () => {
  for (const c of cases) {
    it(`${c.name}: same chunks, and per chunk the same tests, scores, verdicts and dataset verdict`, async () => {
      const [reference, current] = await Promise.all([readDatasetFile(path.join(ROOT, c.reference)), readDatasetFile(path.join(ROOT, c.current))]);
      const { report } = computeTimeline(reference, current, {}, { chunking: { by: 'period', period: c.period } });
      assert.equal(report.timeColumn, c.timeColumn);
      assert.deepEqual(
        report.chunks.map((k) => [k.start, k.end, k.rows]),
        c.chunks.map((k) => [k.start, k.end, k.rows]),
        'chunk bounds and sizes',
      );
      for (const e of c.chunks) {
        const got = report.chunks[e.index];
        assert.deepEqual(
          { ...got.dataset, share: undefined },
          { ...e.dataset, share: undefined },
          `${c.name} chunk ${e.index}: dataset verdict`,
        );
        assertClose(got.dataset.share, e.dataset.share, `${c.name} chunk ${e.index}: share`);
        for (const col of e.columns) {
          const cell = got.columns.find((x) => x.name === col.name);
          assert.ok(cell, `${c.name} chunk ${e.index}: column ${col.name}`);
          const where = `${c.name} chunk ${e.index} (${e.start}) ${col.name}`;
          assert.equal(cell.type, col.evidentlyType === 'num' ? 'numerical' : 'categorical', `${where}: type`);
          assert.equal(cell.test, col.test, `${where}: test`);
          assertClose(cell.score!, col.score!, `${where}: score`);
          assert.equal(cell.threshold, col.threshold, `${where}: threshold`);
          assert.equal(cell.drifted, col.drifted, `${where}: verdict`);
        }
      }
    });
  }
});
