import { strict as assert } from 'assert';
import * as fc from 'fast-check';
import { compareDatasets } from '../../src/core/drift/engine';
import { dataset, numCol } from './helpers/columns';

/**
 * Issue 13 (make the classes impossible): a threshold's direction can never flip a verdict.
 * For any data, test and threshold, the verdict is the score compared with the threshold the way
 * the report says (p-values: drift below; distances: drift at or above), the score does not
 * depend on the threshold, and raising a p-value threshold (or lowering a distance one) never
 * takes a drift verdict away. Property tests (fast-check, fixed seed) in the style of
 * test/unit/profile.test.ts.
 */
const METHODS = ['ks', 't_test', 'wasserstein', 'psi', 'jensenshannon', 'anderson', 'empirical_mmd'];
const values = fc.array(fc.double({ min: -50, max: 50, noNaN: true, noDefaultInfinity: true }), { minLength: 5, maxLength: 40 });

function holds(score: number, when: string, threshold: number): boolean {
  if (when === '<') return score < threshold;
  if (when === '<=') return score <= threshold;
  if (when === '>') return score > threshold;
  return score >= threshold;
}

describe('drift thresholds: direction and monotonicity (fast-check)', () => {
  it('property: the verdict is the score against the threshold, in the direction of the score kind', () => {
    fc.assert(
      fc.property(values, values, fc.constantFrom(...METHODS), fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (r, c, method, t1, t2) => {
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        const rd = dataset('r.csv', [numCol('x', r, false)]);
        const cd = dataset('c.csv', [numCol('x', c, false)]);
        const a = compareDatasets(rd, cd, { method, threshold: lo }).columns[0];
        const b = compareDatasets(rd, cd, { method, threshold: hi }).columns[0];
        if (a.score === null || b.score === null) return; // not tested (e.g. a constant column for this test)
        assert.equal(a.score, b.score, 'the score does not depend on the threshold');
        assert.equal(a.threshold, lo);
        assert.ok(a.scoreKind === 'p_value' ? a.driftWhen === '<' || a.driftWhen === '<=' : a.driftWhen === '>=' || a.driftWhen === '>', `${method}: ${a.scoreKind} drifts when ${String(a.driftWhen)}`);
        assert.equal(a.drifted, holds(a.score, a.driftWhen!, lo));
        assert.equal(b.drifted, holds(b.score, b.driftWhen!, hi));
        // Monotone: a p-value drifting at the lower threshold drifts at the higher; a distance the other way.
        if (a.scoreKind === 'p_value' && a.drifted) assert.equal(b.drifted, true);
        if (a.scoreKind === 'distance' && b.drifted) assert.equal(a.drifted, true);
      }),
      { seed: 1313, numRuns: 120 },
    );
  });
});
