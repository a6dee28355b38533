/**
 * Counter rates, by Prometheus' rules (docs/prometheus.md section 6).
 *
 * Between two scrapes (what a polling client has, closest to PromQL's `irate`): rate = (v2 - v1) /
 * (t2 - t1). A counter that went down was reset (the process restarted): Prometheus assumes it
 * restarted from 0, so the increase is v2 - never negative, an underestimate if the counter had
 * grown before the reset. A changed `_created` or process start time also means a reset; if the
 * counter was created after t1, the interval starts at its creation.
 *
 * One addition of ours (not a Prometheus rule): a series missing from the previous scrape of a
 * process that did not restart was created after that scrape - client libraries expose a labelled
 * series from its first increment - so it counted up from 0 during the interval. Without it, the
 * first 5xx of a route (prom-client has no `_created`) would stay invisible for a poll.
 */

export interface CounterReading {
  readonly value: number;
  /** When the value was read, epoch ms: the sample's own timestamp if it has one, else the scrape time. */
  readonly timeMs: number;
  /** Creation time (OpenMetrics `_created`, client_python's `<name>_created`), epoch ms, when known. */
  readonly createdMs?: number;
}

export interface CounterRate {
  /** Increase over the interval; NaN if either value is NaN. */
  readonly increase: number;
  /** Per second; undefined when the interval is not positive. */
  readonly perSecond: number | undefined;
  readonly reset: boolean;
  /** The interval the increase is over, seconds. */
  readonly seconds: number;
  /** The series was not in the previous scrape (its whole value is the increase). */
  readonly newSeries?: boolean;
}

export interface CounterRateOptions {
  /** The process restarted between the readings (its `process_start_time_seconds` changed). */
  readonly restarted?: boolean;
  /** With no previous reading: when the previous scrape was, so a counter created since can still get a rate. */
  readonly previousScrapeMs?: number;
  /**
   * With no previous reading: the previous scrape did not have the series and the process did not
   * restart, so it started from 0 after `previousScrapeMs`.
   */
  readonly absentBefore?: boolean;
}

/**
 * The rate of one counter series between two readings; undefined when there is none yet (a first
 * reading, unless its `_created` shows it was born after the previous scrape).
 *
 * @example
 * counterRate({ value: 100, timeMs: 0 }, { value: 160, timeMs: 30_000 })?.perSecond // 2
 * counterRate({ value: 100, timeMs: 0 }, { value: 15, timeMs: 30_000 })?.perSecond  // 0.5 (reset: increase 15)
 */
export function counterRate(prev: CounterReading | undefined, cur: CounterReading, options: CounterRateOptions = {}): CounterRate | undefined {
  if (prev === undefined) {
    const since = options.previousScrapeMs;
    if (since === undefined) return undefined;
    if (cur.createdMs !== undefined && cur.createdMs > since) return { ...rateOver(cur.value, cur.timeMs - cur.createdMs, false), newSeries: true };
    if (options.absentBefore === true) return { ...rateOver(cur.value, cur.timeMs - since, false), newSeries: true };
    return undefined;
  }
  const createdChanged = prev.createdMs !== undefined && cur.createdMs !== undefined && prev.createdMs !== cur.createdMs;
  const reset = cur.value < prev.value || createdChanged || options.restarted === true;
  if (!reset) return rateOver(cur.value - prev.value, cur.timeMs - prev.timeMs, false);
  const start = cur.createdMs !== undefined && cur.createdMs > prev.timeMs ? cur.createdMs : prev.timeMs;
  return rateOver(cur.value, cur.timeMs - start, true);
}

function rateOver(increase: number, ms: number, reset: boolean): CounterRate {
  const seconds = ms / 1000;
  return { increase, perSecond: seconds > 0 ? increase / seconds : undefined, reset, seconds };
}

export interface TimedValue {
  readonly timeMs: number;
  readonly value: number;
}

/** PromQL `resets()`: how many times the counter went down. */
export function counterResets(points: readonly TimedValue[]): number {
  let n = 0;
  for (let i = 1; i < points.length; i++) if (points[i].value < points[i - 1].value) n++;
  return n;
}

/**
 * PromQL `increase(c[range])` / `rate(c[range])` for a history of readings inside the range
 * (promql/functions.go `extrapolatedRate`): the increase with resets added back, extrapolated to
 * the range edges when the first/last reading is within 1.1 average intervals of them (else by half
 * an interval), never below the counter's zero point. Undefined with fewer than two readings.
 *
 * @example
 * // 0 60 120 30 90 at one-minute steps, evaluated at 4m over [4m] (checked with promtool 2.42):
 * const pts = [0, 60, 120, 30, 90].map((value, i) => ({ timeMs: i * 60_000, value }));
 * extrapolatedRate(pts, 0, 240_000, 'increase') // 210
 * extrapolatedRate(pts, 0, 240_000, 'rate')     // 0.875
 */
export function extrapolatedRate(points: readonly TimedValue[], rangeStartMs: number, rangeEndMs: number, kind: 'rate' | 'increase'): number | undefined {
  if (points.length < 2) return undefined;
  const first = points[0];
  const last = points[points.length - 1];
  let result = last.value - first.value;
  let previous = 0;
  for (const p of points) {
    if (p.value < previous) result += previous;
    previous = p.value;
  }
  let toStart = (first.timeMs - rangeStartMs) / 1000;
  const toEnd = (rangeEndMs - last.timeMs) / 1000;
  const sampled = (last.timeMs - first.timeMs) / 1000;
  const average = sampled / (points.length - 1);
  if (result > 0 && first.value >= 0) {
    // A counter cannot go below zero: do not extrapolate past the point where it would be 0.
    toStart = Math.min(toStart, sampled * (first.value / result));
  }
  const threshold = average * 1.1;
  let interval = sampled;
  interval += toStart < threshold ? toStart : average / 2;
  interval += toEnd < threshold ? toEnd : average / 2;
  result *= interval / sampled;
  return kind === 'rate' ? result / ((rangeEndMs - rangeStartMs) / 1000) : result;
}
