import { strict as assert } from 'assert';
import { nextPollAt, phaseOf, PollScheduler, type Clock } from '../../src/core/health/pollScheduler';

/**
 * The Health view's poll schedule (src/core/health/pollScheduler.ts): first polls at once, then
 * each endpoint at its own phase of the interval, so a hundred endpoints are not polled in the
 * same instant (what made the extension host's event loop late under load: bench/results-load.md).
 * Driven by a clock of the test's own, so no assertion depends on this machine's speed.
 */

/** A manual clock: timers run when the test advances time. */
class FakeClock implements Clock {
  t = 1_700_000_000_000;
  private timers: { at: number; run: () => void; id: number }[] = [];
  private nextId = 1;
  now(): number {
    return this.t;
  }
  setTimeout(run: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, run, id });
    return id;
  }
  clearTimeout(timer: unknown): void {
    this.timers = this.timers.filter((x) => x.id !== timer);
  }
  /** Runs every timer due up to `ms` from now, in time order, letting promises settle between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await settle();
      this.timers.sort((a, b) => a.at - b.at || a.id - b.id);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.run();
    }
    this.t = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A deterministic generator for the property checks. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

describe('health poll schedule', () => {
  it('nextPollAt is the first slot of the phase that is half an interval after the last start and not in the past', () => {
    const rnd = lcg(7);
    for (let i = 0; i < 20_000; i++) {
      const interval = 1 + Math.floor(rnd() * 60_000);
      const phase = rnd();
      const lastStart = 1e12 + Math.floor(rnd() * 1e9);
      const now = lastStart + Math.floor(rnd() * 3 * interval);
      const t = nextPollAt(phase, lastStart, now, interval);
      const earliest = Math.max(lastStart + interval / 2, now);
      const offset = phase * interval;
      assert.ok(t >= earliest - 1e-6, `${t} before ${earliest}`);
      assert.ok(t < earliest + interval, `${t} a whole interval after ${earliest}`);
      const k = (t - offset) / interval;
      assert.ok(Math.abs(k - Math.round(k)) < 1e-6, `${t} is not on the grid of phase ${phase} (interval ${interval})`);
    }
    // Steady state: a quick poll starting on its slot is next polled exactly one interval later.
    const slot = nextPollAt(0.3, 0, 1e12, 1000);
    assert.equal(nextPollAt(0.3, slot, slot + 40, 1000), slot + 1000);
  });

  it('phases spread a hundred endpoints over the interval', () => {
    const kinds = ['healthy', 'slow', 'hanging', 'huge', 'gzip-bomb', 'large', 'flapping'];
    const names = Array.from({ length: 100 }, (_, i) => `${kinds[i % kinds.length]}-${i}`);
    const phases = names.map(phaseOf);
    for (const p of phases) assert.ok(p >= 0 && p < 1);
    assert.equal(new Set(phases).size, 100);
    // In tenths of the interval: none holds more than a quarter of them (all would be one with no phases).
    const tenths = new Array(10).fill(0);
    for (const p of phases) tenths[Math.floor(p * 10)]++;
    assert.ok(Math.max(...tenths) <= 25, tenths.join(','));
    assert.equal(phaseOf('healthy-1'), phaseOf('healthy-1'));
  });

  it('polls every endpoint at once, then each at its phase, never two polls of one endpoint at a time', async () => {
    const clock = new FakeClock();
    const starts = new Map<string, number[]>();
    let running = 0;
    let maxRunning = 0;
    const duration = (name: string) => (name === 'slow' ? 2500 : 20);
    const scheduler = new PollScheduler<string>(
      {
        keyOf: (n) => n,
        intervalFor: () => 1000,
        poll: async (n) => {
          const list = starts.get(n) ?? [];
          if (list.length && list[list.length - 1] === clock.now()) assert.fail(`${n} polled twice at ${clock.now()}`);
          list.push(clock.now());
          starts.set(n, list);
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise<void>((resolve) => clock.setTimeout(resolve, duration(n)));
          running--;
        },
      },
      clock,
    );
    const names = ['a', 'b', 'c', 'd', 'slow'];
    const t0 = clock.now();
    scheduler.setTargets(names);
    await clock.advance(10_000);
    for (const n of names) {
      const s = starts.get(n)!;
      assert.equal(s[0], t0, `${n}: first poll at once`);
      for (let i = 2; i < s.length; i++) {
        // On its phase's grid, and (for quick polls) exactly one interval apart.
        const k = (s[i] - phaseOf(n) * 1000) / 1000;
        assert.ok(Math.abs(k - Math.round(k)) < 1e-6, `${n}: poll at ${s[i]} off its phase`);
        if (n !== 'slow') assert.equal(s[i] - s[i - 1], 1000, `${n}: ${s.join(',')}`);
        else assert.ok(s[i] - s[i - 1] >= 2500, `slow is not polled again while its poll runs: ${s.join(',')}`);
      }
      assert.ok(s[1] - s[0] >= 500, `${n}: the second poll is at least half an interval after the first`);
    }
    assert.ok(starts.get('a')!.length >= 9, String(starts.get('a')!.length));
    // The four quick endpoints start at four different times after the first round.
    const second = names.filter((n) => n !== 'slow').map((n) => starts.get(n)![2] % 1000);
    assert.equal(new Set(second).size, 4, second.join(','));

    // Removed endpoints are not polled again; disposing stops everything.
    scheduler.setTargets(['a']);
    const before = starts.get('b')!.length;
    await clock.advance(5000);
    assert.equal(starts.get('b')!.length, before);
    scheduler.dispose();
    const after = starts.get('a')!.length;
    await clock.advance(5000);
    assert.equal(starts.get('a')!.length, after);
  });

  it('pollNow joins a poll already running instead of starting a second one', async () => {
    const clock = new FakeClock();
    let polls = 0;
    const scheduler = new PollScheduler<string>(
      { keyOf: (n) => n, intervalFor: () => 1000, poll: () => (polls++, new Promise<void>((r) => clock.setTimeout(r, 300))) },
      clock,
    );
    scheduler.setTargets(['x']);
    await clock.advance(0);
    assert.equal(polls, 1);
    const joined = scheduler.pollNow('x');
    await clock.advance(300);
    await joined;
    assert.equal(polls, 1);
    scheduler.dispose();
  });
});
