import { andersonTest } from './anderson';
import { chisquareTest } from './chisquare';
import { cramerVonMisesTest } from './cramer_von_mises';
import { empiricalMmdTest } from './empirical_mmd';
import { energyDistanceTest } from './energy_distance';
import { eppsSingletonTest } from './es';
import { fisherExactTest } from './fisher_exact';
import { gTest } from './g_test';
import { hellingerTest } from './hellinger';
import { jensenShannonTest } from './jensenshannon';
import { klDivTest } from './kl_div';
import { ksTest } from './ks';
import { mannWhitneyTest } from './mannw';
import { psiTest } from './psi';
import { tTest } from './t_test';
import { textContentTest } from './text_content';
import { tvdTest } from './tvd';
import type { StatTest } from './types';
import { wassersteinTest } from './wasserstein';
import { zTest } from './z';

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
