// `tsx bench/scaling.ts [--rounds N] [--only mlp,cnn,lstm,gpt] [--json FILE]`: what a second core
// buys gradschool's training steps, measured so that the machine's drift cannot fake it. On a shared
// machine one engine's figure can move by a third between runs minutes apart, so the separate-process
// `× 1 thread` column of `npm run bench` compares moments as much as engines. Here one process
// holds three setups of each workload (one thread; per-op threads, wasm-mt; data-parallel replicas,
// wasm-dp) and times them in alternating rounds, each round's ratio taken from back-to-back samples.

import { availableParallelism, loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import * as g from '../engine/index.ts';
import { create } from './engines/gradschool.ts';
import { build } from './workloads.ts';
import { median } from './stats.ts';
import type { Step } from './engines/types.ts';
import type { Workload } from './config.ts';

const USAGE = 'usage: tsx bench/scaling.ts [--rounds N] [--only mlp,cnn,lstm,gpt] [--json FILE]';
const KINDS = ['mlp', 'cnn', 'lstm', 'gpt'] as const;
const SAMPLE_SECONDS = 0.4;

function parseArgs(argv: string[]) {
  const o = { rounds: 7, only: [...KINDS] as string[], json: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    if (a === '--rounds' && Number(v) >= 1) { o.rounds = Number(v); i++; }
    else if (a === '--only' && v) { o.only = v.split(','); i++; }
    else if (a === '--json' && v) { o.json = v; i++; }
    else throw new Error(`unknown argument '${a}'\n${USAGE}`);
  }
  const bad = o.only.find((k) => !(KINDS as readonly string[]).includes(k));
  if (bad) throw new Error(`--only: '${bad}' is not one of ${KINDS.join(', ')}\n${USAGE}`);
  return o;
}

/** Seconds per step over at least SAMPLE_SECONDS of steps, after one untimed step. */
function sample(step: Step, threads: number): number {
  g.setNumThreads(threads);
  step();
  let n = 0;
  const t0 = performance.now();
  do { step(); n++; } while (performance.now() - t0 < SAMPLE_SECONDS * 1000);
  return (performance.now() - t0) / 1000 / n;
}

const spread = (xs: number[]): string => `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const cores = availableParallelism();
  const single = create('wasm-1t'), parallel = create('wasm-dp');
  await single.init();
  await parallel.init();
  console.log(`thread scaling: ${cores} cores, ${o.rounds} rounds of back-to-back samples (≥ ${SAMPLE_SECONDS} s each); load average ${loadavg()[0].toFixed(2)} at start`);
  const report: Record<string, { oneThreadMs: number[]; perOp: number[]; dataParallel: number[] }> = {};
  for (const kind of o.only) {
    const workload = `${kind}-train` as Workload;
    // One model steps on one thread and on per-op threads (setNumThreads between samples); the
    // data-parallel trainer holds its own replicas, its kernels on one thread each.
    const plain = await build(single, workload);
    const dp = await build(parallel, workload);
    const r = (report[kind] = { oneThreadMs: [] as number[], perOp: [] as number[], dataParallel: [] as number[] });
    for (let round = 0; round < o.rounds; round++) {
      const one = sample(plain.step, 1), perOp = sample(plain.step, cores), data = sample(dp.step, 1);
      r.oneThreadMs.push(one * 1000);
      r.perOp.push(one / perOp);
      r.dataParallel.push(one / data);
    }
    console.log(`${workload.padEnd(10)} one thread ${median(r.oneThreadMs).toFixed(1)} ms/step · ${cores} threads ÷ 1: per-op ${spread(r.perOp)}, data-parallel ${spread(r.dataParallel)}`);
  }
  await parallel.dispose?.();
  if (o.json) writeFileSync(o.json, JSON.stringify({ cores, rounds: o.rounds, load: loadavg()[0], report }, null, 2));
}

main().then(() => process.exit(0), (e) => { console.error(e instanceof Error ? e.message : e); process.exit(1); });
