import { strict as assert } from 'assert';
import { benjaminiHochberg, bonferroni } from '../../src/core/drift/correction';

const near = (a: number[], b: number[]) => a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) < 1e-12, `${a} vs ${b}`));

describe('multiple-testing corrections', () => {
  it('Bonferroni multiplies by m and caps at 1', () => {
    near(bonferroni([0.01, 0.2, 0.5]), [0.03, 0.6, 1]);
  });
  it('Benjamini-Hochberg is the step-up adjusted p (R p.adjust "BH")', () => {
    // sorted: 0.005*4/1=0.02, 0.01*4/2=0.02, 0.03*4/3=0.04, 0.04*4/4=0.04
    near(benjaminiHochberg([0.01, 0.04, 0.03, 0.005]), [0.02, 0.04, 0.04, 0.02]);
    // monotone: a larger raw p never gets a smaller adjusted p
    near(benjaminiHochberg([0.04, 0.041, 0.9]), [0.0615, 0.0615, 0.9]);
  });
});
