// `tsx bench/browser.ts [--reps N] [--json FILE]`: the same lesson experiments (quick variants, one
// seed) in Node and in a Chromium worker, alternating, plus a 512² sgemm for context, a 1024² one
// and the bench's MLP training step on each build of the wasm kernels (portable, relaxed: fused multiply-add). Seconds are
// the run's own wall time as measured where it ran (data loading included, page round trip not).

import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { lessons } from '../course/index.ts';
import { findExperiment, resolveConfig, runExperiment } from '../lab/claims.ts';
import { nodeDataSource } from '../lab/data-source.node.ts';
import { openHarness, type BrowserHarness } from '../test/browser/harness.ts';
import { mlpTrainSamplesPerSecond, sgemmGflops } from '../test/browser/page/workloads.ts';
import { getWasmKernels, setWasmKernels } from '../engine/index.ts';
import { relaxedSimdSupported } from '../engine/backend/wasm/variant.ts';
import { summarize, type Summary } from './stats.ts';

const USAGE = 'usage: tsx bench/browser.ts [--reps N] [--json FILE]   (N ≥ 1 timed repetitions after one warm-up; default 5)';
const SEED = 1;
const EXPERIMENTS = [
  { lesson: 'softmax-vs-argmax', experiment: 'train-through-argmax' },
  { lesson: 'cross-entropy-vs-squared-error', experiment: 'ce-vs-mse' },
];

interface Row { workload: string; unit: 's' | 'GFLOP/s' | 'samples/s'; node: Summary & { samples: number[] }; browser: Summary & { samples: number[] }; sameResult?: boolean }

function parseArgs(argv: string[]): { reps: number; json?: string } {
  const out: { reps: number; json?: string } = { reps: 5 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') { console.log(USAGE); process.exit(0); }
    if (a !== '--reps' && a !== '--json') throw new Error(`unknown argument '${a}'\n${USAGE}`);
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value\n${USAGE}`);
    if (a === '--json') out.json = v;
    else if (!/^\d+$/.test(v) || Number(v) < 1) throw new Error(`--reps must be a positive integer, got '${v}'`);
    else out.reps = Number(v);
  }
  return out;
}

const withSamples = (samples: number[]) => ({ ...summarize(samples), samples });

async function timeExperiments(h: BrowserHarness, reps: number, log: (s: string) => void): Promise<Row[]> {
  const data = nodeDataSource();
  const rows: Row[] = [];
  for (const { lesson: lessonId, experiment } of EXPERIMENTS) {
    const exp = findExperiment(lessons.find((l) => l.id === lessonId)!, experiment);
    const inNode = async () => {
      const t0 = performance.now();
      const r = await runExperiment(exp, resolveConfig(exp, true), SEED, { data });
      return { seconds: (performance.now() - t0) / 1000, metrics: r.metrics };
    };
    // On Node's build of the kernels: fused and unfused multiply-adds round differently, and the
    // "same result" column checks that both places compute the same thing.
    const inBrowser = () => h.ask({ type: 'experiment', lesson: lessonId, experiment, seed: SEED, kernels: getWasmKernels() ?? undefined });
    const first = [await inNode(), await inBrowser()]; // warm-up: data parsed and cached, code compiled
    const node: number[] = [], browser: number[] = [];
    for (let i = 0; i < reps; i++) {
      // Alternate who goes first, so a drift in the machine's load falls on both sides alike.
      if (i % 2 === 0) { node.push((await inNode()).seconds); browser.push((await inBrowser()).seconds); }
      else { browser.push((await inBrowser()).seconds); node.push((await inNode()).seconds); }
      log(`  ${experiment} ${i + 1}/${reps}: node ${node[i].toFixed(2)} s, browser ${browser[i].toFixed(2)} s`);
    }
    const sameResult = JSON.stringify(first[0].metrics) === JSON.stringify(first[1].metrics);
    rows.push({ workload: `${lessonId}/${experiment} (${getWasmKernels()} kernels)`, unit: 's', node: withSamples(node), browser: withSamples(browser), sameResult });
  }
  return rows;
}

async function timeSgemm(h: BrowserHarness, browserCores: number): Promise<Row[]> {
  const rows: Row[] = [];
  const nodeCores = availableParallelism();
  for (const [label, n, b] of [['1 thread', 1, 1], ['all threads', nodeCores, browserCores]] as const) {
    const node: number[] = [], browser: number[] = [];
    for (let i = 0; i < 3; i++) {
      node.push(await sgemmGflops(n));
      browser.push(await h.ask({ type: 'sgemm', threads: b }));
    }
    rows.push({ workload: `sgemm-512, ${label} (node ${n}, browser ${b})`, unit: 'GFLOP/s', node: withSamples(node), browser: withSamples(browser) });
  }
  // Each build of the kernels on one thread at n = 1024 (issue 14's target).
  rows.push(...await perKernels('sgemm-1024, 1 thread', 'GFLOP/s', () => sgemmGflops(1, 4, 1024), (kernels) => h.ask({ type: 'sgemm', threads: 1, n: 1024, kernels })));
  return rows;
}

/**
 * One row per build of the kernels, 3 samples each, Node then Chromium. Node runs relaxed only
 * where it has relaxed SIMD (Node ≥ 22, or 20 with --experimental-wasm-relaxed-simd); else portable.
 */
async function perKernels(label: string, unit: Row['unit'], inNodeRun: () => Promise<number>, inBrowser: (k: 'portable' | 'relaxed') => Promise<number>): Promise<Row[]> {
  const rows: Row[] = [];
  const loaded = getWasmKernels();
  for (const kernels of ['portable', 'relaxed'] as const) {
    const inNode = kernels === 'relaxed' && !relaxedSimdSupported() ? 'portable' : kernels;
    const node: number[] = [], browser: number[] = [];
    for (let i = 0; i < 3; i++) {
      setWasmKernels(inNode);
      node.push(await inNodeRun());
      browser.push(await inBrowser(kernels));
    }
    rows.push({ workload: `${label}, ${kernels} kernels (node: ${inNode})`, unit, node: withSamples(node), browser: withSamples(browser) });
  }
  if (loaded) setWasmKernels(loaded);
  return rows;
}

/** `npm run bench`'s mlp-train step on one thread, measured in the browser too (3 samples of 60 steps). */
const timeMlpTrain = (h: BrowserHarness): Promise<Row[]> =>
  perKernels('mlp-train, 1 thread', 'samples/s', () => mlpTrainSamplesPerSecond(), (kernels) => h.ask({ type: 'mlp-train', kernels }));

function formatTable(rows: Row[]): string {
  const digits = (unit: string) => (unit === 's' ? 2 : unit === 'samples/s' ? 0 : 1);
  const cell = (s: Summary, unit: string) => `${s.value.toFixed(digits(unit))} [${s.min.toFixed(digits(unit))}–${s.max.toFixed(digits(unit))}]`;
  const lines = [['workload', 'unit', 'node median [min–max]', 'browser median [min–max]', 'browser/node', 'same result']];
  for (const r of rows) {
    lines.push([r.workload, r.unit, cell(r.node, r.unit), cell(r.browser, r.unit), `${(r.browser.value / r.node.value).toFixed(2)}×`, r.sameResult === undefined ? '' : r.sameResult ? 'yes' : 'NO']);
  }
  const widths = lines[0].map((_, c) => Math.max(...lines.map((l) => l[c].length)));
  return lines.map((l) => l.map((s, c) => s.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
  const loadStart = loadavg()[0];
  const h = await openHarness();
  try {
    const env = await h.ask({ type: 'env' });
    const chromium = h.page.context().browser()?.version() ?? '?';
    console.error(`browser bench: ${args.reps} repetitions after a warm-up, seed ${SEED}; Chromium ${chromium}, Node ${process.versions.node}`);
    const rows = [...await timeExperiments(h, args.reps, (s) => console.error(s)), ...await timeSgemm(h, env.hardwareConcurrency), ...await timeMlpTrain(h)];
    const meta = {
      machine: `${cpus()[0]?.model ?? '?'} × ${availableParallelism()}`, node: process.versions.node, chromium,
      nodeKernels: getWasmKernels(),
      browserWorker: { backend: env.backend, kernels: env.kernels, crossOriginIsolated: env.crossOriginIsolated, hardwareConcurrency: env.hardwareConcurrency },
      loadAverageAtStart: loadStart, loadAverageAtEnd: loadavg()[0], reps: args.reps, seed: SEED,
    };
    console.log([
      '',
      `machine: ${meta.machine}; Node ${meta.node}; Chromium ${chromium}; load average ${loadStart.toFixed(2)} at start, ${meta.loadAverageAtEnd.toFixed(2)} at end`,
      'seconds: lower is better; GFLOP/s and samples/s: higher is better (browser/node > 1 means the browser is faster there, for rates)',
      '',
      formatTable(rows),
    ].join('\n'));
    if (h.errors.length) console.error(`browser errors:\n  ${h.errors.join('\n  ')}`);
    if (args.json) {
      writeFileSync(args.json, JSON.stringify({ meta, rows }, null, 2) + '\n');
      console.error(`wrote ${args.json}`);
    }
  } finally {
    await h.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
