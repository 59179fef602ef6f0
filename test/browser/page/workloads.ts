// Engine workloads the browser harness runs in Chromium and the Node side runs again for comparison.
// Engine-only (no DOM, no node:), seeded, so both places build the same inputs. Results come back
// as plain number arrays: they cross postMessage and Playwright's JSON bridge exactly (float32 → double).

import { conv2d, crossEntropy, fromTypedArray, grad, manualSeed, nn, optim, randint, randn, setBackend, setNumThreads, softmax, stepScopes, type Tensor } from '../../../engine/index.ts';
import { batch, paramsFor } from '../../../bench/data.ts';
import { buildClassifier } from '../../../bench/engines/gradschool-classifiers.ts';

export type Named = Record<string, number[]>;

const plain = (t: Tensor): number[] => Array.from(t.toTypedArray() as Float32Array);

/** Small matmul, conv2d and softmax on the current backend (far below any threading threshold). */
export function smallOps(): Named {
  manualSeed(1);
  const a = randn([5, 7]), b = randn([7, 4]);
  const x = randn([2, 3, 6, 6]), w = randn([4, 3, 3, 3]), bias = randn([4]);
  const logits = randn([4, 10]).mul(3);
  return { matmul: plain(a.matmul(b)), conv: plain(conv2d(x, w, bias, { padding: 1 })), softmax: plain(softmax(logits, 1)) };
}

/**
 * A 256×256 matmul and a conv2d forward with its three gradients, sized so the wasm backend splits
 * both across threads (matmul ≥ 4 MFLOP; conv ≥ 2 MFLOP with more than one image).
 */
export function threadedOps(): Named {
  manualSeed(2);
  const a = randn([256, 256]), b = randn([256, 256]);
  const x = randn([8, 8, 16, 16]), w = randn([16, 8, 3, 3]), bias = randn([16]);
  for (const t of [x, w, bias]) t.requiresGrad = true;
  const y = conv2d(x, w, bias, { padding: 1 });
  const [dx, dw, db] = grad(y, [x, w, bias], { gradOutput: randn(y.shape) });
  return { matmul: plain(a.matmul(b)), conv: plain(y), convDx: plain(dx), convDw: plain(dw), convDb: plain(db) };
}

/**
 * Sets the thread count and lets new helper threads boot. A browser worker's nested Workers only
 * start once it yields to its event loop; until then the calling thread quietly does every chunk.
 */
export async function useThreads(n: number): Promise<void> {
  setNumThreads(n);
  manualSeed(0);
  randn([256, 256]).matmul(randn([256, 256])); // a task big enough to split: spawns the helpers
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 20));
}

/** `threadedOps` on the wasm backend with each thread count, and on the js backend (`js`). */
export async function threadedOpsBy(threads: readonly number[]): Promise<Record<string, Named>> {
  const out: Record<string, Named> = {};
  try {
    setBackend('js');
    out.js = threadedOps();
    setBackend('wasm');
    for (const n of threads) {
      await useThreads(n);
      out[n] = threadedOps();
    }
  } finally {
    setBackend('wasm');
  }
  return out;
}

/** The losses of 20 Adam steps of a 10→32→3 MLP on fixed seeded random data (one full batch). */
export function mlpLosses(steps = 20): number[] {
  manualSeed(3);
  const x = randn([64, 10]), y = randint(0, 3, [64]);
  const model = new nn.Sequential(new nn.Linear(10, 32), new nn.ReLU(), new nn.Linear(32, 3));
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    opt.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    losses.push(loss.item());
    loss.backward();
    opt.step();
  }
  return losses;
}

/** GFLOP/s of an n×n×n float32 matmul through the engine (arena copies in and out included). */
export async function sgemmGflops(threads: number, reps = 10, n = 512): Promise<number> {
  await useThreads(threads);
  manualSeed(4);
  const a = randn([n, n]), b = randn([n, n]);
  // Warm: the arena grown to size, and the kernels optimized (code compiled after a switch of the
  // kernels' build starts in V8's baseline tier until it has run a while).
  for (let i = 0; i < 3; i++) a.matmul(b);
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) a.matmul(b);
  const seconds = (performance.now() - t0) / 1000;
  return (2 * n ** 3 * reps) / seconds / 1e9;
}

/**
 * Samples per second of `npm run bench`'s MLP training step (784-256-128-10, batch 128, SGD, the
 * bench's seeded weights and batch) on one thread: the bench's own step, timed where it runs.
 */
export async function mlpTrainSamplesPerSecond(steps = 60): Promise<number> {
  await useThreads(1);
  const data = batch('mlp');
  const model = buildClassifier('mlp', paramsFor('mlp'));
  const x = fromTypedArray(data.x.slice(), data.xShape), y = fromTypedArray(data.labels.slice(), [data.labels.length]);
  const scopes = stepScopes([model.params]);
  const step = () => scopes.step(() => { model.loss(x, y).backward(); model.update(); });
  for (let i = 0; i < 10; i++) step();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) step();
  return (steps * data.labels.length) / ((performance.now() - t0) / 1000);
}
