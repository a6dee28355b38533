/**
 * The one worker-thread entry, bundled as dist/worker.js. The comparison thread the extension
 * host starts and the pool's threads (started by the CLI and by the comparison thread) run the
 * same bundle, so the readers and the engine ship once; each thread's workerData says which it is.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { CompareThreadData } from './compareProtocol';
import { runCompare } from './compareWorker';
import type { PoolThreadData } from './poolProtocol';
import { servePool } from './poolWorker';
import type { TimelineThreadData } from './timelineProtocol';
import { runTimeline } from './timelineWorker';

const data = workerData as CompareThreadData | TimelineThreadData | PoolThreadData | undefined;
if (data?.thread === 'compare') runCompare(data.request);
else if (data?.thread === 'timeline') runTimeline(data.load);
else if (parentPort) servePool(parentPort);
