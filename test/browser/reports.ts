// Reports for the UI tests, made by the real engine.
import * as path from 'path';
import { compareDatasets } from '../../src/core/drift/engine';
import { readDatasetFile } from '../../src/core/read/index';
import type { Column } from '../../src/core/read/dataset';
import type { DriftReport } from '../../src/shared/report';
import { dataset, dictCol, numCol, seeded } from '../unit/helpers/columns';

export const ROOT = path.resolve(__dirname, '..', '..', '..');

export async function carsReport(): Promise<DriftReport> {
  const [reference, current] = await Promise.all([
    readDatasetFile(path.join(ROOT, 'samples', 'cars-reference.csv')),
    readDatasetFile(path.join(ROOT, 'samples', 'cars-current.csv')),
  ]);
  return compareDatasets(reference, current, {}, { generatedBy: 'drift-inspector browser tests' });
}

export const XSS_COLUMN = '<img src=x onerror=alert(1)>';
export const XSS_VALUE = '</script><script>alert(1)</script>';
export const XSS_SOURCE = '<b onmouseover=alert(2)>ref<b>.csv';

/** File-derived text that would run script if it were ever parsed as HTML. */
export function hostileReport(): DriftReport {
  const random = seeded(7);
  const side = (n: number, hostileShare: number, shift: number, source: string) => {
    const cats = Array.from({ length: n }, () => {
      const u = random();
      return u < hostileShare ? XSS_VALUE : u < 0.6 ? 'plain' : '&amp; "quoted"';
    });
    const nums = Array.from({ length: n }, () => random() * 10 + shift);
    return dataset(source, [dictCol(XSS_COLUMN, cats), numCol('value', nums), dictCol('a&b <i>x</i>', cats.map((c) => (c === 'plain' ? 'x' : 'y')))]);
  };
  return compareDatasets(side(400, 0.1, 0, XSS_SOURCE), side(400, 0.4, 3, 'current\u2028.csv'));
}

/** A wide report: `n` columns of mixed kinds, some drifted, some with missing values. */
export function wideReport(n: number, rows = 400): DriftReport {
  const random = seeded(42);
  const build = (current: boolean) => {
    const columns: Column[] = [];
    for (let i = 0; i < n; i++) {
      const name = `feature_${String(i).padStart(3, '0')}`;
      const drift = current && i % 4 === 0;
      if (i % 3 === 2) {
        const labels = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta'];
        columns.push(dictCol(name, Array.from({ length: rows }, () => labels[Math.floor((drift ? random() ** 2 : random()) * labels.length)])));
      } else {
        const values = Array.from({ length: rows }, () => {
          if (i % 10 === 1 && random() < (current ? 0.2 : 0.02)) return null;
          const g = random() + random() + random() - 1.5;
          return g * 4 + (drift ? 1.5 : 0) + i;
        });
        columns.push(numCol(name, values, false));
      }
    }
    return dataset(current ? 'wide-current.csv' : 'wide-reference.csv', columns);
  };
  return compareDatasets(build(false), build(true));
}
