/**
 * The one worker-thread entry, bundled as dist/worker.js. The comparison thread the extension
 * host starts and the pool's threads (started by the CLI and by the comparison thread) run the
 * same bundle, so the readers and the engine ship once; each thread's workerData says which it is.
 * The comparison and timeline threads' code (sources, images, the timeline) is loaded only in
 * those threads: a pool thread starts parsing sooner without it (measured: bench/results.md,
 * "Measurements behind tuning choices").
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CompareThreadData } from './compareProtocol';
import type { PoolThreadData } from './poolProtocol';
import { servePool } from './poolWorker';
import type { TimelineThreadData } from './timelineProtocol';

const data = workerData as CompareThreadData | TimelineThreadData | PoolThreadData | undefined;
// require, not import: each is evaluated only in the thread that uses it (esbuild keeps it lazy).
if (data?.thread === 'compare') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./compareWorker') as typeof import('./compareWorker')).runCompare(data.request);
} else if (data?.thread === 'timeline') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require('./timelineWorker') as typeof import('./timelineWorker')).runTimeline(data.load);
} else if (parentPort) servePool(parentPort);
