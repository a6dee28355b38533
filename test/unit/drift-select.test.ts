import { strict as assert } from 'assert';
import { defaultTest, selectTest } from '../../src/core/drift/select';
import { DriftSettingsError } from '../../src/core/drift/settings';
import { isDrift } from '../../src/core/drift/verdict';
import { STAT_TESTS } from '../../src/core/stats/registry';

describe('default test rule (registry.py::_get_default_stattest)', () => {
  const cases: Array<[Parameters<typeof defaultTest>, string]> = [
    [['numerical', 1000, 6], 'ks'],
    [['numerical', 1001, 6], 'wasserstein'],
    [['numerical', 1000, 5], 'chisquare'],
    [['numerical', 1000, 3], 'chisquare'],
    [['numerical', 1000, 2], 'z'],
    [['numerical', 1000, 1], 'z'],
    [['numerical', 1001, 5], 'jensenshannon'],
    [['numerical', 1001, 2], 'jensenshannon'],
    [['categorical', 1000, 3], 'chisquare'],
    [['categorical', 1000, 2], 'z'],
    [['categorical', 1001, 3], 'jensenshannon'],
    [['categorical', 1001, 2], 'jensenshannon'],
    [['text', 10, 10], 'text_token_jsd'],
  ];
  for (const [args, id] of cases) {
    it(`${args[0]}, ${args[1]} reference values, ${args[2]} distinct -> ${id}`, () => {
      assert.equal(defaultTest(...args).id, id);
    });
  }

  it('explains the choice in words', () => {
    const c = selectTest('age', 'numerical', 731, 40, {});
    assert.equal(c.reason, 'numerical, 731 reference values <= 1000: Kolmogorov-Smirnov');
  });
});

describe('setting precedence: per-column > per-type > global > default', () => {
  it('chooses the test', () => {
    const s = { method: 'psi', numMethod: 'wasserstein', perColumnMethod: { a: 'ks' } };
    assert.equal(selectTest('a', 'numerical', 10, 10, s).test.id, 'ks');
    assert.equal(selectTest('b', 'numerical', 10, 10, s).test.id, 'wasserstein');
    assert.equal(selectTest('c', 'categorical', 10, 10, s).test.id, 'psi');
    assert.equal(selectTest('c', 'categorical', 10, 10, {}).test.id, 'chisquare');
  });

  it('chooses the threshold, falling back to the chosen test\'s default', () => {
    const s = { threshold: 0.3, numThreshold: 0.2, perColumnThreshold: { a: 0.01 } };
    assert.equal(selectTest('a', 'numerical', 10, 10, s).threshold, 0.01);
    assert.equal(selectTest('b', 'numerical', 10, 10, s).threshold, 0.2);
    assert.equal(selectTest('c', 'categorical', 10, 10, s).threshold, 0.3);
    assert.equal(selectTest('c', 'categorical', 10, 10, { method: 'anderson' }).threshold, 0.05, 'anderson does not fit: chisquare default');
    assert.equal(selectTest('c', 'numerical', 10, 10, { method: 'anderson' }).threshold, 0.1);
    // A per-column threshold does not reset the global one for other columns (Evidently issue #678).
    assert.equal(selectTest('z', 'numerical', 10, 10, { threshold: 0.3, perColumnThreshold: { a: 0.01 } }).threshold, 0.3);
  });

  it('an unknown test id or a per-column/per-type test that does not fit the type is an error', () => {
    assert.throws(() => selectTest('a', 'numerical', 10, 10, { method: 'nope' }), /unknown test 'nope'/);
    assert.throws(() => selectTest('a', 'numerical', 10, 10, { perColumnMethod: { a: 'chisquare' } }), DriftSettingsError);
    assert.throws(() => selectTest('a', 'categorical', 10, 10, { catMethod: 'ks' }), /'ks' tests numerical columns, not categorical/);
  });

  it('a global test that does not fit a column falls back to the default, with a note', () => {
    const c = selectTest('a', 'categorical', 10, 3, { method: 'ks' });
    assert.equal(c.test.id, 'chisquare');
    assert.match(c.note!, /does not test categorical columns/);
  });
});

describe('comparison signs at the threshold (drift-methods.md section 4 and 9)', () => {
  const expected: Record<string, 'le' | 'lt' | 'ge' | 'gt'> = {
    ks: 'le', cramer_von_mises: 'le', ed: 'gt',
    chisquare: 'lt', z: 'lt', t_test: 'lt', mannw: 'lt', anderson: 'lt', es: 'lt', empirical_mmd: 'lt',
    TVD: 'lt', fisher_exact: 'lt', g_test: 'lt',
    wasserstein: 'ge', jensenshannon: 'ge', psi: 'ge', kl_div: 'ge', hellinger: 'ge', text_token_jsd: 'ge',
  };
  const thresholds: Record<string, number> = {
    ks: 0.05, chisquare: 0.05, z: 0.05, t_test: 0.05, mannw: 0.05, es: 0.05,
    anderson: 0.1, cramer_von_mises: 0.1, empirical_mmd: 0.1, TVD: 0.1, fisher_exact: 0.1, g_test: 0.1,
    wasserstein: 0.1, jensenshannon: 0.1, psi: 0.1, kl_div: 0.1, hellinger: 0.1, ed: 0.1, text_token_jsd: 0.1,
  };
  it('registers all 18 Evidently tests plus the text test', () => {
    assert.deepEqual([...STAT_TESTS.keys()].sort(), Object.keys(expected).sort());
  });
  for (const [id, when] of Object.entries(expected)) {
    it(`${id}: drift when score ${when} threshold ${thresholds[id]}`, () => {
      const t = STAT_TESTS.get(id)!;
      assert.equal(t.driftWhen, when);
      assert.equal(t.defaultThreshold, thresholds[id]);
      const thr = t.defaultThreshold;
      const atThreshold = isDrift(thr, thr, t.driftWhen);
      assert.equal(atThreshold, when === 'le' || when === 'ge', 'score equal to the threshold');
      const moreDrift = t.scoreKind === 'p_value' ? thr / 2 : thr * 2;
      const lessDrift = t.scoreKind === 'p_value' ? Math.min(1, thr * 2) : thr / 2;
      assert.equal(isDrift(moreDrift, thr, t.driftWhen), true);
      assert.equal(isDrift(lessDrift, thr, t.driftWhen), false);
      assert.equal(isDrift(NaN, thr, t.driftWhen), false, 'NaN reads as no drift');
    });
  }
});
