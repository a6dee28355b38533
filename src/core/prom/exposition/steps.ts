import { performance } from 'node:perf_hooks';

/**
 * Parsing in slices. The health view parses every scrape on the extension host's thread, where a
 * multi-megabyte body parsed in one go holds every other extension for hundreds of milliseconds
 * (bench/results-load.md). The parsers are generators that pause every STEP_LINES lines; the CLI
 * runs them to the end at once (runToEnd), the health view a slice at a time (runInSlices),
 * letting timers, I/O and the UI's messages run in between. One parser, two drivers.
 *
 * Every job of runInSlices shares ONE budget per turn of the event loop: with one budget per job,
 * the bodies of every endpoint polled on the same tick (all of them, each second) were parsed in
 * the same check phase, a 5 ms slice each, and the loop's turn took the sum of them.
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

/** The work one turn of the event loop gives to all sliced jobs together. */
const TURN_MS = 4;

interface Job {
  /** Runs one step; true once the job has settled. */
  step(): boolean;
}

/** Jobs waiting for their next slice, oldest first; the driver takes turns among them. */
const queue: Job[] = [];
let driverScheduled = false;

function scheduleDriver(): void {
  if (driverScheduled) return;
  driverScheduled = true;
  setImmediate(drive);
}

/**
 * One turn's slice: jobs in turn, each until it ends or the turn's budget is spent; an unfinished
 * job goes to the back, so a large body never holds back the small ones behind it for long.
 */
function drive(): void {
  driverScheduled = false;
  const started = performance.now();
  while (queue.length > 0) {
    const job = queue.shift()!;
    let done = false;
    while (!(done = job.step()) && performance.now() - started < TURN_MS);
    if (!done) {
      queue.push(job);
      break;
    }
    if (performance.now() - started >= TURN_MS) break;
  }
  if (queue.length > 0) scheduleDriver();
}

/**
 * What a job may run at once, where it is started: a small scrape (most of them) is done in it
 * and never waits behind the large ones in the queue, which under load made every poll late.
 */
const FIRST_SLICE_MS = 0.5;

/**
 * Runs the steps in slices, yielding to the event loop (setImmediate) between slices; all queued
 * jobs together run at most about TURN_MS per turn of the loop. A step that throws rejects.
 */
export function runInSlices<T>(steps: Steps<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const job: Job = {
      step(): boolean {
        try {
          const r = steps.next();
          if (r.done) resolve(r.value);
          return r.done === true;
        } catch (e) {
          reject(e);
          return true;
        }
      },
    };
    const started = performance.now();
    while (!job.step()) {
      if (performance.now() - started >= FIRST_SLICE_MS) {
        queue.push(job);
        scheduleDriver();
        return;
      }
    }
  });
}
