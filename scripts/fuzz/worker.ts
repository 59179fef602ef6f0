// One fuzz run inside a worker thread: before each input it writes the case number and start time
// to shared memory (so the parent can see a hang and cut it off) and posts its tally as it goes.

import { parentPort, workerData } from 'node:worker_threads';
import { setTensorMemoryLimit } from '../../engine/index.ts';
import { makeTarget, type LoaderName } from './targets.ts';
import { emptyTally, runCases } from './run.ts';

export interface WorkerData {
  loader: LoaderName;
  seed: number;
  from: number;
  /** How long to run, in ms. */
  ms: number;
  /** The per-tensor memory limit while fuzzing: legal inputs stay small, so a blow-up stands out. */
  tensorBytes: number;
  /** Float64Array view: [case, start time (Date.now()) of that case, 1 when the run is over]. */
  progress: SharedArrayBuffer;
}

const { loader, seed, from, ms, tensorBytes, progress } = workerData as WorkerData;
const shared = new Float64Array(progress);
setTensorMemoryLimit(tensorBytes);
const target = makeTarget(loader);
const tally = emptyTally(loader);
const deadline = performance.now() + ms;
let posted = performance.now();
const next = await runCases(target, tally, {
  seed, from, deadline,
  onCase: (k) => {
    shared[0] = k;
    shared[1] = Date.now();
    if (performance.now() - posted > 250) {
      parentPort!.postMessage({ type: 'tally', tally, next: k });
      posted = performance.now();
    }
  },
});
shared[2] = 1;
parentPort!.postMessage({ type: 'done', tally, next });
