import { andersonTest } from './tests/anderson';
import { chisquareTest } from './tests/chisquare';
import { cramerVonMisesTest } from './tests/cramer_von_mises';
import { empiricalMmdTest } from './tests/empirical_mmd';
import { energyDistanceTest } from './tests/energy_distance';
import { eppsSingletonTest } from './tests/es';
import { fisherExactTest } from './tests/fisher_exact';
import { gTest } from './tests/g_test';
import { hellingerTest } from './tests/hellinger';
import { jensenShannonTest } from './tests/jensenshannon';
import { klDivTest } from './tests/kl_div';
import { ksTest } from './tests/ks';
import { mannWhitneyTest } from './tests/mannw';
import { psiTest } from './tests/psi';
import { tTest } from './tests/t_test';
import { textContentTest } from './tests/text_content';
import { tvdTest } from './tests/tvd';
import type { StatTest } from './types';
import { wassersteinTest } from './tests/wasserstein';
import { zTest } from './tests/z';

/** Every test by id: Evidently's 18 numerical/categorical tests plus this project's text test. */
export const STAT_TESTS: ReadonlyMap<string, StatTest> = new Map(
  [
    ksTest, chisquareTest, zTest, wassersteinTest, jensenShannonTest, psiTest, klDivTest,
    hellingerTest, energyDistanceTest, tTest, mannWhitneyTest, andersonTest, cramerVonMisesTest,
    eppsSingletonTest, empiricalMmdTest, tvdTest, fisherExactTest, gTest, textContentTest,
  ].map((t) => [t.id, t]),
);

export function getStatTest(id: string): StatTest | undefined {
  return STAT_TESTS.get(id);
}
