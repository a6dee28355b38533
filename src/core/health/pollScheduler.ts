/**
 * When each endpoint of the Health view is polled. The first poll is at once; after it each
 * endpoint keeps its own phase within the interval, from a hash of its name, as Prometheus spreads
 * its targets' scrapes (a target's hash modulo the scrape interval). A hundred endpoints on one
 * interval then start about interval/100 apart rather than together, and the extension host takes
 * their answers one at a time instead of all in the same turn of its event loop
 * (bench/results-load.md). One timer serves every endpoint, woken at the earliest due time (the
 * pattern of vscode-docker's RefreshManager); an endpoint is never polled twice at once.
 */

export interface PollPlan<T> {
  /** Names the endpoint for its phase: the same key, the same phase, across reloads. */
  keyOf(target: T): string;
  /** The interval for this endpoint now (back-off and a hidden view lengthen it). */
  intervalFor(target: T): number;
  /** Polls; never rejects (the health code turns every failure into a state). */
  poll(target: T): Promise<void>;
}

/** The endpoint's phase, a fraction of the interval in [0, 1): FNV-1a of its key. */
export function phaseOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) / 2 ** 32;
}

/**
 * The next poll of an endpoint whose last poll started at `lastStart` and ended at `now`: the
 * first time on its phase's grid (`phase x interval + k x interval`, times since the epoch) that is
 * at least half an interval after the last start, so that a rate is never taken over a sliver of
 * time, and not in the past (a poll longer than the interval skips the slots it overran).
 */
export function nextPollAt(phase: number, lastStart: number, now: number, intervalMs: number): number {
  const offset = phase * intervalMs;
  const earliest = Math.max(lastStart + intervalMs / 2, now);
  return offset + Math.ceil((earliest - offset) / intervalMs) * intervalMs;
}

/** Time and timers; the tests drive a clock of their own. */
export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(timer: unknown): void;
}

const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (timer) => clearTimeout(timer as ReturnType<typeof setTimeout> | undefined),
};

export class PollScheduler<T> {
  private targets: readonly T[] = [];
  private readonly due = new Map<T, number>();
  private readonly inFlight = new Map<T, Promise<void>>();
  private timer: unknown;
  private disposed = false;

  constructor(
    private readonly plan: PollPlan<T>,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Replaces the endpoints; every one of them is due at once. */
  setTargets(targets: readonly T[]): void {
    this.targets = targets;
    this.due.clear();
    this.wake(0);
  }

  /** Polls now (unless already being polled: then waits for that poll). */
  pollNow(target: T): Promise<void> {
    const running = this.inFlight.get(target);
    if (running) return running;
    const started = this.clock.now();
    const done = this.plan
      .poll(target)
      .catch(() => undefined)
      .finally(() => {
        this.inFlight.delete(target);
        // An endpoint removed meanwhile (settings changed) is forgotten.
        if (this.disposed || !this.targets.includes(target)) return;
        this.due.set(target, nextPollAt(phaseOf(this.plan.keyOf(target)), started, this.clock.now(), this.plan.intervalFor(target)));
        this.wake();
      });
    this.inFlight.set(target, done);
    return done;
  }

  /** Sets the timer for the earliest due endpoint, or sooner (`delayMs`: e.g. the view was shown). */
  wake(delayMs?: number): void {
    if (this.disposed) return;
    this.clock.clearTimeout(this.timer);
    const now = this.clock.now();
    let wait = delayMs ?? Infinity;
    for (const t of this.targets) {
      if (this.inFlight.has(t)) continue;
      wait = Math.min(wait, Math.max(0, (this.due.get(t) ?? now) - now));
    }
    if (Number.isFinite(wait)) this.timer = this.clock.setTimeout(() => this.tick(), wait);
  }

  dispose(): void {
    this.disposed = true;
    this.clock.clearTimeout(this.timer);
  }

  private tick(): void {
    const now = this.clock.now();
    for (const t of this.targets) {
      if ((this.due.get(t) ?? now) <= now && !this.inFlight.has(t)) void this.pollNow(t);
    }
    this.wake();
  }
}
