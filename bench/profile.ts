// `tsx bench/profile.ts [lstm|gpt|mlp|cnn] [--steps N] [--backend js|wasm] [--threads N] [--json FILE]`:
// where one gradschool training step of a bench workload spends its time. Counts the ops applied
// per step (forward and backward, by name) and samples a V8 CPU profile of N steps, reported as the
// functions with the most self time and most inclusive time, and by file. A diagnosis tool, not a benchmark.

import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as g from '../engine/index.ts';
import { batch, paramsFor, seqBatch } from './data.ts';
import { create } from './engines/gradschool.ts';

const USAGE = 'usage: tsx bench/profile.ts [lstm|gpt|mlp|cnn] [--steps N] [--backend js|wasm] [--threads N] [--json FILE]';

interface CallFrame { functionName: string; url: string }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
/** The part of V8's Profiler.stop result this reads: the call tree, and which node each sample hit after how many µs. */
export interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

function parseArgs(argv: string[]) {
  const o = { kind: 'lstm' as 'lstm' | 'gpt' | 'mlp' | 'cnn', steps: 10, backend: 'wasm', threads: 1, json: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], v = argv[i + 1];
    if (['lstm', 'gpt', 'mlp', 'cnn'].includes(a)) o.kind = a as typeof o.kind;
    else if (a === '--steps' && v) { o.steps = Number(v); i++; }
    else if (a === '--backend' && (v === 'js' || v === 'wasm')) { o.backend = v; i++; }
    else if (a === '--threads' && v) { o.threads = Number(v); i++; }
    else if (a === '--json' && v) { o.json = v; i++; }
    else throw new Error(`unknown argument '${a}'\n${USAGE}`);
  }
  if (!(o.steps >= 1)) throw new Error(`--steps must be ≥ 1\n${USAGE}`);
  return o;
}

/**
 * The kernels' exported function names by function index (V8 names wasm frames wasm-function[i]):
 * read from the export section of engine/backend/wasm/kernels.wasm. Unexported helpers stay numbered.
 */
export function wasmExports(): Map<number, string> {
  const buf = readFileSync(new URL('../engine/backend/wasm/kernels.wasm', import.meta.url));
  const names = new Map<number, string>();
  let p = 8, imported = 0;
  const u32 = (): number => {
    let r = 0, shift = 0, b;
    do { b = buf[p++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return r >>> 0;
  };
  const str = (): string => { const n = u32(); p += n; return buf.toString('utf8', p - n, p); };
  while (p < buf.length) {
    const id = buf[p++], end = u32() + p;
    if (id === 2) { // imports: only imported functions shift the index space (the kernels import none today)
      for (let n = u32(); n > 0; n--) {
        str(); str();
        const kind = buf[p++];
        if (kind === 0) { u32(); imported++; } else if (kind === 3) p += 2; else { if (kind === 1) p++; const flags = u32(); u32(); if (flags & 1) u32(); }
      }
    }
    if (id === 7) for (let n = u32(); n > 0; n--) { const name = str(), kind = buf[p++], index = u32(); if (kind === 0) names.set(index, name); }
    p = end;
  }
  return imported ? new Map() : names; // with imports the numbering would need them counted: give up rather than mislabel
}
const WASM = wasmExports();

// A frame's key: wasm functions by export name, JS by function and file, V8's own entries as they are.
const short = (url: string): string => url.replace(/^file:\/\/.*?\/(engine|bench|node_modules)\//, '$1/');
function key(f: CallFrame): string {
  const wasm = /^wasm-function\[(\d+)\]$/.exec(f.functionName);
  if (wasm) return `wasm ${WASM.get(Number(wasm[1])) ?? `helper #${wasm[1]}`}`;
  return f.url ? `${f.functionName || '(anonymous)'} ${short(f.url)}` : f.functionName;
}
const fileOf = (f: CallFrame): string => (f.url.startsWith('wasm://') ? 'wasm kernels' : f.url ? short(f.url) : f.functionName);

/** Self and inclusive milliseconds per function key (a recursive function's time counted once), and self per file. */
export function summarize(p: CpuProfile) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const selfOf = new Map<number, number>();
  p.samples.forEach((id, i) => selfOf.set(id, (selfOf.get(id) ?? 0) + p.timeDeltas[i] / 1000));
  const self = new Map<string, number>(), incl = new Map<string, number>(), files = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const walk = (id: number, onStack: Set<string>, parent = ''): number => {
    const n = byId.get(id)!;
    let k = key(n.callFrame);
    if (k.startsWith('wasm helper')) k += ` (under ${parent.replace(/^wasm /, '')})`; // e.g. sgemm's micro-kernel
    const mine = selfOf.get(id) ?? 0;
    add(self, k, mine);
    add(files, fileOf(n.callFrame), mine);
    const inner = new Set(onStack).add(k);
    let total = mine;
    for (const c of n.children ?? []) total += walk(c, inner, k);
    if (!onStack.has(k)) add(incl, k, total);
    return total;
  };
  const root = p.nodes[0].id;
  const total = walk(root, new Set());
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  return { totalMs: total, self: top(self, 60), inclusive: top(incl, 200), files: top(files, 20) };
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const engine = create(o.backend === 'js' ? 'js' : o.threads > 1 ? 'wasm-mt' : 'wasm-1t');
  await engine.init();
  if (o.backend === 'wasm') g.setNumThreads(o.threads);
  const setup = o.kind === 'lstm' || o.kind === 'gpt'
    ? await engine.trainSeq!(o.kind, seqBatch(o.kind), paramsFor(o.kind))
    : await engine.train!(o.kind, batch(o.kind), paramsFor(o.kind));
  for (let i = 0; i < 3; i++) await setup.step(); // warm-up: compiled code, Adam's state, pools

  // Ops per step: everything that goes through apply(), the forward's and the backward's. Watching
  // changes the path where a module has a fused op (nn.LSTM runs its cells one by one while watched,
  // so that tracers see exportable ops): the count is of that path, the profile below of the real one.
  const ops = new Map<string, number>();
  const stop = g.onOpApplied((r) => ops.set(r.op, (ops.get(r.op) ?? 0) + 1));
  await setup.step();
  stop();
  const opsPerStep = [...ops].sort((a, b) => b[1] - a[1]);

  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const t0 = performance.now();
  for (let i = 0; i < o.steps; i++) await setup.step();
  const ms = (performance.now() - t0) / o.steps;
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
  session.disconnect();
  const s = summarize(profile);

  const pct = (x: number) => `${((100 * x) / s.totalMs).toFixed(1)}%`;
  const rows = (list: [string, number][]) => list.map(([k, v]) => `  ${pct(v).padStart(6)}  ${(v / o.steps).toFixed(2).padStart(8)} ms/step  ${k}`);
  console.log([
    `${o.kind} step on gradschool ${o.backend}${o.backend === 'wasm' ? `, ${g.getNumThreads()} thread(s)` : ''}: ${ms.toFixed(1)} ms/step ` +
      `over ${o.steps} steps (profiler on); load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`,
    `ops applied per step, counted while watched (fused paths such as nn.LSTM's step cell by cell then): ` +
      `${opsPerStep.reduce((a, [, n]) => a + n, 0)} — ${opsPerStep.slice(0, 20).map(([k, n]) => `${k} ${n}`).join(', ')}`,
    '', 'self time by file:', ...rows(s.files.slice(0, 15)),
    '', 'self time by function:', ...rows(s.self.slice(0, 25)),
    // The phases of a step: backward, clipping and the optimizer; the forward is the rest.
    '', 'inclusive time of the step\'s phases:', ...rows(s.inclusive.filter(([k]) => /^(Tensor\.backward|clipGradNorm_|zeroGrad|\S+\.step) /.test(k))),
    '', 'inclusive time by function:', ...rows(s.inclusive.slice(0, 30)),
  ].join('\n'));
  if (o.json) writeFileSync(o.json, JSON.stringify({ ...o, msPerStep: ms, opsPerStep, ...s }, null, 2) + '\n');
  process.exit(0); // the wasm thread pool may keep the event loop alive
}

// Run as a command, not when a test imports summarize().
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
