// The playground's worker: trains one net on the engine (wasm backend) in chunks of about a frame's
// time, posting the boundary and unit grids after each chunk, and takes new settings between chunks,
// so every setting can change while it trains. A separate worker from the lessons' (web/src/worker.ts).

import { backendReady, getBackendName } from '../../../engine/index.ts';
import { Trainer } from './trainer.ts';
import type { PlaygroundReply, PlaygroundRequest } from './protocol.ts';

/** Grid sizes: the boundary is smooth at 64; unit thumbnails are small, and at most 32 a layer are drawn. */
const RES = 64, NEURON_RES = 24, MAX_UNITS_SHOWN = 32;
/** Training time per chunk: ~a frame, leaving the rest of it for the grids and the message. */
const CHUNK_MS = 12;

let trainer: Trainer | null = null;
let running = false;
let scheduled = false;
const post = (reply: PlaygroundReply, transfer: Transferable[] = []): void => postMessage(reply, { transfer });

function postPoints(t: Trainer): void {
  const { train, test } = t.data;
  const classes = t.task === 'regression' ? 0 : Math.max(2, t.outputs);
  post({ type: 'points', trainXy: train.xy.slice(), trainLabels: train.labels.slice(), testXy: test.xy.slice(), testLabels: test.labels.slice(), task: t.task, classes });
}

function postFrame(t: Trainer): void {
  const { boundary, neurons } = t.grids(RES, NEURON_RES, MAX_UNITS_SHOWN);
  const transfer = [boundary.buffer, ...neurons.flat().map((g) => g.buffer)];
  post({ type: 'frame', metrics: t.evaluate(), running, task: t.task, boundary, outputs: t.task === 'multiclass' ? t.outputs : 1, res: RES, neurons, neuronRes: NEURON_RES, widths: t.settings.layers.map((l) => l.units) }, transfer);
}

function fail(e: unknown): void {
  running = false;
  post({ type: 'failed', message: (e as Error)?.message ?? String(e) });
}

/** One chunk, then yield (setTimeout) so queued messages (pause, new settings) are handled between chunks. */
function loop(): void {
  scheduled = false;
  if (!running || !trainer) return;
  try {
    const started = performance.now();
    do trainer.train(1);
    while (performance.now() - started < CHUNK_MS && !trainer.stopped);
    // Early stopping ends the run: the last frame shows the restored best weights, paused.
    if (trainer.stopped) running = false;
    postFrame(trainer);
  } catch (e) {
    fail(e);
    return;
  }
  schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setTimeout(loop, 0);
}

const ready = backendReady().then(() => post({ type: 'ready', backend: getBackendName() }));

onmessage = async (event: MessageEvent<PlaygroundRequest>) => {
  const req = event.data;
  await ready;
  try {
    if (req.type === 'settings') {
      if (!trainer) {
        trainer = new Trainer(req.settings);
        postPoints(trainer);
      } else if (trainer.update(req.settings).data) postPoints(trainer);
      if (!running) postFrame(trainer);
      return;
    }
    if (!trainer) throw new Error(`playground worker: '${req.type}' before any settings`);
    if (req.type === 'play') {
      if (trainer.stopped) trainer.resume();
      running = true;
      schedule();
    } else if (req.type === 'pause') {
      running = false;
      postFrame(trainer);
    } else if (req.type === 'step') {
      if (trainer.stopped) trainer.resume();
      trainer.train(1);
      postFrame(trainer);
    } else if (req.type === 'reset') {
      trainer = new Trainer(trainer.settings);
      postFrame(trainer);
    }
  } catch (e) {
    fail(e);
  }
};
