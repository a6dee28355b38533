import { performance } from 'node:perf_hooks';

/**
 * Parsing in slices. The health view parses every scrape on the extension host's thread, where a
 * multi-megabyte body parsed in one go holds every other extension for hundreds of milliseconds
 * (bench/results-load.md). The parsers are generators that pause every STEP_LINES lines; the CLI
 * runs them to the end at once (runToEnd), the health view a slice at a time (runInSlices),
 * letting timers, I/O and the UI's messages run in between. One parser, two drivers.
 */

/** Lines (or samples) between pause points: a pause costs far less than the lines around it. */
export const STEP_LINES = 128;

export type Steps<T> = Generator<void, T, void>;

/** Runs the steps on this thread without pausing. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs the steps in slices of about `sliceMs`, yielding to the event loop (setImmediate) between slices. */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 5): Promise<T> {
  let started = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - started >= sliceMs) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
    }
  }
}
