import { setFlagsFromString } from 'node:v8';
import { dataSize, WARM_FROM } from '../core/read/warmSize';
import { sharedPool } from '../threads/pool';

/**
 * The first thing the CLI bundle runs (main.ts imports this module before any other, and the
 * bundle evaluates modules in import order): for a comparison, timeline or profile of a big file,
 * the worker threads start loading now, while this thread loads the rest of the bundle (~0.1 s),
 * instead of after it (measured: bench/results.md, "Measurements behind tuning choices").
 * Only when this bundle is the program (not when a test imports main.ts).
 */
export function startEarly(argv: readonly string[]): void {
  // Every core runs our threads during a comparison, so V8's background compiler thread waits for
  // a core while hot loops run unoptimised; compiling on the thread that needs the code is faster
  // (measured: bench/results.md). Read when a thread's isolate starts, so it is set before the
  // threads below start. The CLI's process only.
  setFlagsFromString('--no-concurrent-recompilation');
  if (!['compare', 'timeline', 'profile'].includes(argv[0])) return;
  if (argv.slice(1).some((a) => !a.startsWith('-') && dataSize(a) >= WARM_FROM)) sharedPool()?.warm();
}

if (require.main === module) startEarly(process.argv.slice(2));
