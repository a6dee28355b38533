import { strict as assert } from 'assert';
import { replay, runFuzz, savedCases } from '../fuzz/engine';
import { TARGETS } from '../fuzz/targets';

/**
 * Issue 13, "make the classes impossible": a short, fixed-seed run of every fuzz target (a fixed
 * number of cases, so it is the same run every time), and a replay of every input a fuzz run
 * ever failed on (test/fixtures/fuzz/<target>/, described in its README.md). Each case runs in
 * a child process with a time and memory cap (test/fuzz/sandbox.ts): a hang fails the test
 * instead of stopping the suite. The long runs: `npm run fuzz -- --minutes N`.
 */
const CASES: Record<string, number> = { csv: 300, parquet: 150, json: 300, prom: 400, profile: 120 };

describe('fuzzing (issue 13): short seeded runs and the saved regression inputs', function () {
  // The caps are watchdogs for hangs; this is room for a busy machine, not a timing.
  this.timeout(300_000);

  for (const target of TARGETS) {
    it(`${target.name}: ${CASES[target.name]} seeded cases, no finding (${target.about})`, async () => {
      const r = await runFuzz({ target: target.name, seed: 13, cases: CASES[target.name], timeoutMs: 30_000 });
      assert.equal(r.executions, CASES[target.name]);
      assert.deepEqual(
        r.findings.map((f) => `${f.kind}: ${f.message}`),
        [],
      );
    });

    const saved = savedCases(target.name);
    if (saved.length === 0) continue;
    it(`${target.name}: the ${saved.length} saved inputs that once failed now pass`, async () => {
      const outcomes = await replay(target.name, saved.map((s) => s.case), 30_000);
      const failing = outcomes.flatMap((o, i) => (o.kind === 'pass' ? [] : [`${saved[i].file}: ${o.kind}: ${o.message}`]));
      assert.deepEqual(failing, []);
    });
  }
});
