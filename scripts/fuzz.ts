// npm run fuzz -- [--seconds 60] [--loader safetensors|checkpoint|idx|gzip|onnx|all] [--seed 1]
//                 [--hang-ms 2000] [--max-mb 2048] [--case K]
// Runs each loader's seeded mutation fuzzer for the given time in a worker thread, watching every
// input: one that takes longer than --hang-ms is a hang, and resident memory past --max-mb is a
// blow-up; either is reported with its seed and case and the run goes on from the next case.
// Prints per loader: inputs tried, ok, typed errors, untyped errors (first few), the slowest input.
// Exits non-zero on any untyped error, hang or blow-up. --case K reruns one input here, with its stack.

import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { setTensorMemoryLimit } from '../engine/index.ts';
import { LOADERS, makeTarget, type LoaderName } from './fuzz/targets.ts';
import { caseRng } from './fuzz/mutate.ts';
import { emptyTally, typedCount, type Tally } from './fuzz/run.ts';
import type { WorkerData } from './fuzz/worker.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    loader: { type: 'string', default: 'all' },
    seed: { type: 'string', default: '1' },
    'hang-ms': { type: 'string', default: '2000' },
    'max-mb': { type: 'string', default: '2048' },
    'tensor-mb': { type: 'string', default: '64' },
    case: { type: 'string' },
  },
});
const num = (name: string, v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`fuzz: --${name} must be a non-negative number, got '${v}'`);
  return n;
};
const seconds = num('seconds', args.seconds!), seed = num('seed', args.seed!), hangMs = num('hang-ms', args['hang-ms']!);
const maxBytes = num('max-mb', args['max-mb']!) * 2 ** 20, tensorBytes = num('tensor-mb', args['tensor-mb']!) * 2 ** 20;
const loaders: LoaderName[] = args.loader === 'all' ? [...LOADERS] : [args.loader as LoaderName];
if (!loaders.every((l) => LOADERS.includes(l))) throw new Error(`fuzz: --loader must be one of ${LOADERS.join(', ')}, all; got '${args.loader}'`);

const mib = (b: number): string => `${Math.round(b / 2 ** 20)} MiB`;

/** Adds a finished (or cut-off) worker's tally into the loader's. */
function merge(into: Tally, t: Tally): void {
  into.tried += t.tried;
  into.ok += t.ok;
  into.untyped += t.untyped;
  for (const [k, v] of Object.entries(t.typed)) into.typed[k] = (into.typed[k] ?? 0) + v;
  into.untypedSamples.push(...t.untypedSamples.slice(0, 5 - into.untypedSamples.length));
  if (t.slowest.ms > into.slowest.ms) into.slowest = t.slowest;
}

/** Runs one worker from case `from` for `ms`; resolves with its tally, the next case, and a hang or blow-up if it was cut off. */
function runWorker(loader: LoaderName, from: number, ms: number, peak: { rss: number }) {
  return new Promise<{ tally: Tally; next: number; cut?: { kind: 'hang' | 'memory'; case: number; ms: number } }>((resolve, reject) => {
    const progress = new SharedArrayBuffer(24);
    const shared = new Float64Array(progress);
    shared[0] = from;
    const setupStart = Date.now();
    const data: WorkerData = { loader, seed, from, ms, tensorBytes, progress };
    const worker = new Worker(new URL('./fuzz/boot.mjs', import.meta.url), { workerData: data });
    let last: { tally: Tally; next: number } = { tally: emptyTally(loader), next: from };
    let settled = false;
    const finish = (v: Parameters<typeof resolve>[0]) => {
      if (settled) return;
      settled = true;
      clearInterval(watch);
      resolve(v);
    };
    worker.on('message', (m: { type: string; tally: Tally; next: number }) => {
      last = m;
      if (m.type === 'done') finish(m);
    });
    worker.on('error', (e) => {
      clearInterval(watch);
      reject(e);
    });
    // Setup (building seed files) counts as case `from`; the first input starts after it.
    const watch = setInterval(() => {
      const rss = process.memoryUsage().rss;
      peak.rss = Math.max(peak.rss, rss);
      if (shared[2] === 1) return;
      // shared[1] is 0 until the first input starts: setup (loading the engine, seed files) gets a minute.
      const k = shared[0], took = Date.now() - (shared[1] || setupStart);
      const kind = took > (shared[1] ? hangMs : 60_000) ? 'hang' : rss > maxBytes ? 'memory' : null;
      if (!kind) return;
      void worker.terminate();
      finish({ tally: last.tally, next: k + 1, cut: { kind, case: k, ms: took } });
    }, 50);
  });
}

async function fuzzLoader(loader: LoaderName): Promise<Tally> {
  const tally = emptyTally(loader);
  const peak = { rss: 0 };
  const end = Date.now() + seconds * 1000;
  let from = 0;
  while (Date.now() < end) {
    const { tally: t, next, cut } = await runWorker(loader, from, end - Date.now(), peak);
    merge(tally, t);
    if (cut) {
      const what = makeTarget(loader)(caseRng(seed, cut.case)).what;
      tally.tried++;
      const finding = { seed, case: cut.case, what, message: cut.kind === 'hang' ? `still running after ${cut.ms} ms` : `resident memory past ${mib(maxBytes)}` };
      (cut.kind === 'hang' ? tally.hangs : tally.memory).push(finding);
    }
    from = next;
  }
  const typed = Object.entries(tally.typed).map(([k, v]) => `${k} ${v}`).join(', ');
  console.log(
    `${loader}: ${tally.tried} inputs in ${seconds} s (seed ${seed}) — ok ${tally.ok}, typed errors ${typedCount(tally)}${typed ? ` (${typed})` : ''}, ` +
      `untyped ${tally.untyped}, hangs ${tally.hangs.length}, memory ${tally.memory.length}; slowest ${tally.slowest.ms.toFixed(1)} ms ` +
      `(case ${tally.slowest.case}: ${tally.slowest.what.slice(0, 80)}); peak rss ${mib(peak.rss)}`,
  );
  for (const f of [...tally.untypedSamples, ...tally.hangs, ...tally.memory]) {
    console.log(`  seed ${f.seed} case ${f.case} (${f.what.slice(0, 100)}): ${f.message}`);
  }
  return tally;
}

/** --case K: one input, run here, with the whole error. */
async function reproduce(loader: LoaderName, k: number): Promise<void> {
  setTensorMemoryLimit(tensorBytes);
  const input = makeTarget(loader)(caseRng(seed, k));
  console.log(`${loader} seed ${seed} case ${k}: ${input.what}`);
  const start = performance.now();
  try {
    await input.run();
    console.log(`ok in ${(performance.now() - start).toFixed(1)} ms`);
  } catch (e) {
    console.log(`threw after ${(performance.now() - start).toFixed(1)} ms:`, e);
  }
}

if (args.case !== undefined) {
  for (const l of loaders) await reproduce(l, num('case', args.case));
} else {
  let bad = 0;
  for (const l of loaders) {
    const t = await fuzzLoader(l);
    bad += t.untyped + t.hangs.length + t.memory.length;
  }
  process.exitCode = bad ? 1 : 0;
}
