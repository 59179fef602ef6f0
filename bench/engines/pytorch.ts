// PyTorch (the system Python's torch, Debian's python3-torch) on 1 or 2 threads: the reference the
// issue's targets are ratios to. Node sends pytorch_worker.py the same weights and data bytes every
// engine gets; the worker builds the same step in torch and times it there, by measure.ts's rules.

import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Mode } from '../config.ts';
import {
  CHARS, CLIP_NORM, GPT_DIM, GPT_HEADS, GPT_LAYERS, GPT_WEIGHT_DECAY, LR, LSTM_EMBED, LSTM_HIDDEN, SEQ_LEN, SEQ_LR,
  type Batch, type Param, type SeqBatch,
} from '../data.ts';
import { EngineUnavailable, type Engine, type Step } from './types.ts';

/** Where torch is looked for; GRADSCHOOL_BENCH_PYTHON points the bench at another Python (a venv). */
export const DEFAULT_PYTHON = process.env.GRADSCHOOL_BENCH_PYTHON || '/usr/bin/python3';
const WORKER = fileURLToPath(new URL('./pytorch_worker.py', import.meta.url));

const b64 = (a: Float32Array | Int32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');

type Reply = Record<string, unknown> & { error?: string; unavailable?: string };

/** One Python process answering one request at a time, each a line of JSON each way. */
class Worker {
  private readonly proc: ChildProcess;
  private readonly waiting: { resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  private stderr = '';
  private exited: Error | null = null;

  constructor(python: string) {
    this.proc = spawn(python, [WORKER], { stdio: ['pipe', 'pipe', 'pipe'] });
    createInterface({ input: this.proc.stdout! }).on('line', (line) => {
      let reply: Reply;
      try {
        reply = JSON.parse(line);
      } catch {
        return; // not ours (a library printing on stdout)
      }
      this.waiting.shift()?.resolve(reply);
    });
    this.proc.stderr!.on('data', (d: Buffer) => { this.stderr = (this.stderr + d.toString()).slice(-2000); });
    const fail = (e: Error): void => {
      this.exited ??= e;
      for (const w of this.waiting.splice(0)) w.reject(this.exited);
    };
    this.proc.on('error', (e) => fail(new EngineUnavailable(`cannot run ${python}: ${e.message}`)));
    this.proc.on('close', (code, signal) => {
      const why = this.stderr.trim().split('\n').filter(Boolean).slice(-2).join(' | ').slice(0, 300);
      fail(new Error(`pytorch worker exited (${signal ?? `code ${code}`})${why ? ': ' + why : ''}`));
    });
    this.proc.stdin!.on('error', () => {}); // a worker that died is reported by 'close'
  }

  ask(message: Record<string, unknown>): Promise<Reply> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.proc.stdin!.write(JSON.stringify(message) + '\n');
    });
  }

  /** Asks and unwraps: an error reply throws, with the worker's message. */
  async call(message: Record<string, unknown>): Promise<Reply> {
    const r = await this.ask(message);
    if (r.unavailable) throw new EngineUnavailable(r.unavailable);
    if (r.error) throw new Error(`pytorch: ${r.error}`);
    return r;
  }

  close(): void {
    this.proc.stdin!.end();
  }
}

const SEQ = { vocab: CHARS, embed: LSTM_EMBED, hidden: LSTM_HIDDEN, context: SEQ_LEN, dim: GPT_DIM, layers: GPT_LAYERS, heads: GPT_HEADS, lr: SEQ_LR, weightDecay: GPT_WEIGHT_DECAY, clip: CLIP_NORM };

export function create(threads: 1 | 2, python = DEFAULT_PYTHON): Engine {
  let worker: Worker;
  let next = 0;
  let actual: number = threads;
  const ids = new WeakMap<Step, number>();
  const wire = (p: Param) => ({ name: p.name, shape: p.shape, data: b64(p.data) });

  // A step that runs once in Python per call (tests use it; timing goes through measure below).
  async function setup(message: Record<string, unknown>): Promise<{ step: Step; loss: () => Promise<number> }> {
    const id = next++;
    await worker.call({ ...message, id });
    const step: Step = () => worker.call({ cmd: 'step', id });
    ids.set(step, id);
    return { step, loss: async () => (await worker.call({ cmd: 'loss', id })).loss as number };
  }

  return {
    async init() {
      worker = new Worker(python);
      const r = await worker.call({ cmd: 'init', threads });
      actual = r.threads as number;
      return { threads: actual, note: `torch ${r.version} from ${python}, BLAS ${r.blas}; timed in Python by the same warm-up and sample rules` };
    },

    async sgemm(n, a, b) {
      return (await setup({ cmd: 'sgemm', n, a: b64(a), b: b64(b) })).step;
    },

    async train(kind, batch: Batch, params: Param[]) {
      return setup({ cmd: 'train', kind, lr: LR, params: params.map(wire), x: b64(batch.x), xShape: batch.xShape, labels: b64(batch.labels) });
    },

    async trainSeq(kind, batch: SeqBatch, params: Param[]) {
      return setup({ cmd: 'train', kind, seq: SEQ, params: params.map(wire), x: b64(batch.x), y: b64(batch.y), shape: batch.shape });
    },

    async measure(step: Step, work: number, mode: Mode, deadline: number) {
      const id = ids.get(step);
      if (id === undefined) throw new Error('pytorch: measure() needs a step this engine built');
      const { warmupSteps, warmupSeconds, samples, minSampleSeconds } = mode;
      const budget = deadline - performance.now() / 1000;
      const r = await worker.call({ cmd: 'measure', id, work, budget, mode: { warmupSteps, warmupSeconds, samples, minSampleSeconds } });
      return r.samples as number[];
    },

    threadsNow: () => actual,

    async dispose() {
      worker?.close();
    },
  };
}
