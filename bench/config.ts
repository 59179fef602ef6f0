// What the benchmark measures: the workload × engine matrix of issue 3, the quick and full modes,
// and the command line (--quick, --json FILE, --only …). No engine code and no timing here.

export const WORKLOADS = ['sgemm-128', 'sgemm-256', 'sgemm-512', 'sgemm-1024', 'mlp-train', 'cnn-train', 'lstm-train', 'gpt-train'] as const;
export type Workload = (typeof WORKLOADS)[number];
export type Family = 'sgemm' | 'mlp' | 'cnn' | 'lstm' | 'gpt';

export const ENGINES = ['gradschool-js', 'gradschool-wasm-1t', 'gradschool-wasm-mt', 'gradschool-wasm-dp', 'gradschool-wasm-fma', 'tfjs-cpu', 'tfjs-wasm', 'brain', 'ort-1t', 'pytorch-1t', 'pytorch-2t'] as const;
export type EngineName = (typeof ENGINES)[number];

const GRADSCHOOL = ['gradschool-js', 'gradschool-wasm-1t', 'gradschool-wasm-mt'] as const;
// Training on all cores two ways: wasm-mt splits each big op across threads; wasm-dp runs a whole
// replica per core on its share of the batch (dataParallel) and sums the gradients.
const TRAINING = [...GRADSCHOOL, 'gradschool-wasm-dp'] as const;
const PYTORCH = ['pytorch-1t', 'pytorch-2t'] as const;

/**
 * The engines each workload runs on (brain.js has no matmul; onnxruntime-node cannot train; tfjs
 * has no transformer layers, and a hand-written block is not worth it: gpt-train has no tfjs row).
 */
const ENGINES_FOR: Record<Family, readonly EngineName[]> = {
  // gradschool-wasm-fma: one thread on the relaxed-SIMD (fused multiply-add) kernels, beside wasm-1t's portable ones.
  sgemm: [...GRADSCHOOL, 'gradschool-wasm-fma', 'tfjs-cpu', 'tfjs-wasm', 'ort-1t', ...PYTORCH],
  mlp: [...TRAINING, 'tfjs-cpu', 'tfjs-wasm', 'brain', ...PYTORCH],
  cnn: [...TRAINING, 'tfjs-cpu', 'tfjs-wasm', ...PYTORCH],
  lstm: [...TRAINING, 'tfjs-cpu', 'tfjs-wasm', ...PYTORCH],
  gpt: [...TRAINING, ...PYTORCH],
};

export const familyOf = (w: Workload): Family => (w.startsWith('sgemm') ? 'sgemm' : (w.slice(0, -'-train'.length) as Family));
export const sgemmSize = (w: Workload): number => Number(w.slice('sgemm-'.length));
export const enginesFor = (w: Workload): readonly EngineName[] => ENGINES_FOR[familyOf(w)];

/** How hard to measure. Every figure is the median of `samples` samples after a warm-up. */
export interface Mode {
  name: 'full' | 'quick' | 'tiny';
  workloads: readonly Workload[];
  samples: number;
  /** A sample repeats the step until it has run this long (one step at least). */
  minSampleSeconds: number;
  /** Warm-up: this many steps, and at least warmupSeconds of them. */
  warmupSteps: number;
  warmupSeconds: number;
  /** The time box of one engine on one workload, start-up included; past it the engine is killed. */
  timeoutSeconds: number;
  /** What this mode leaves out, printed with the table. */
  omits: string;
}

/** One line saying how a mode measures, printed above the table. */
export const describeMode = (m: Mode): string =>
  `${m.name}: warm-up ≥ ${m.warmupSteps} step(s) and ≥ ${m.warmupSeconds} s, then ${m.samples} sample(s) of ≥ ${m.minSampleSeconds} s ` +
  `(each at least one step); time box ${m.timeoutSeconds} s per engine × workload${m.omits ? '; ' + m.omits : ''}`;

export const FULL: Mode = {
  name: 'full', workloads: WORKLOADS, samples: 7, minSampleSeconds: 0.5, warmupSteps: 2, warmupSeconds: 1,
  timeoutSeconds: 120, omits: '',
};

export const QUICK: Mode = {
  name: 'quick', workloads: ['sgemm-128', 'sgemm-512', 'mlp-train', 'cnn-train', 'lstm-train', 'gpt-train'], samples: 3, minSampleSeconds: 0.05,
  warmupSteps: 1, warmupSeconds: 0.2, timeoutSeconds: 20,
  omits: 'sgemm n = 256 and 1024 skipped; fewer and shorter samples than a full run (which takes ≥ 5)',
};

/** For tests: one warm-up step and one one-step sample; the figures mean nothing. */
export const TINY: Mode = {
  name: 'tiny', workloads: WORKLOADS, samples: 1, minSampleSeconds: 0, warmupSteps: 1, warmupSeconds: 0,
  timeoutSeconds: 60, omits: 'a smoke test for the test suite, not a measurement',
};

/** One engine on one workload: the unit the harness measures and time-boxes. */
export interface Cell { workload: Workload; engine: EngineName }

export function plan(mode: Mode, only: readonly string[] = []): Cell[] {
  const { workloads, engines } = parseOnly(only);
  const cells: Cell[] = [];
  for (const workload of mode.workloads) {
    if (workloads.length && !workloads.some((w) => matches(workload, w))) continue;
    for (const engine of enginesFor(workload)) {
      if (engines.length && !engines.some((e) => matches(engine, e))) continue;
      cells.push({ workload, engine });
    }
  }
  return cells;
}

// 'sgemm' matches every sgemm-n, 'gradschool' every gradschool variant, 'tfjs' both tfjs backends.
const matches = (name: string, token: string): boolean => name === token || name.startsWith(token + '-');

/** Splits --only tokens (comma lists allowed) into workload and engine filters; unknown ones throw. */
export function parseOnly(only: readonly string[]): { workloads: string[]; engines: string[] } {
  const workloads: string[] = [], engines: string[] = [];
  for (const token of only.flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean)) {
    if (WORKLOADS.some((w) => matches(w, token))) workloads.push(token);
    else if (ENGINES.some((e) => matches(e, token))) engines.push(token);
    else throw new Error(`--only: '${token}' names no workload (${WORKLOADS.join(', ')}) and no engine (${ENGINES.join(', ')})`);
  }
  return { workloads, engines };
}

export interface Options { mode: Mode; json: string | null; only: string[]; samples: number | null; timeoutSeconds: number | null; help: boolean }

export const USAGE = `usage: npm run bench -- [--quick] [--json FILE] [--only NAME[,NAME…]]… [--samples N] [--timeout SECONDS]
  --quick          a few minutes: sgemm n = 128 and 512 only, ${QUICK.samples} short samples per figure
  --json FILE      also write every figure as {"results": [{workload, engine, threads, value, unit, min, max}]}
  --only NAME      keep only these workloads (${WORKLOADS.join(', ')}, or 'sgemm')
                   and/or engines (${ENGINES.join(', ')}, or 'gradschool', 'tfjs', 'pytorch'); repeatable
  --samples N      samples per figure (default ${FULL.samples}, quick ${QUICK.samples})
  --tiny           smoke test: every workload, 1 step per figure (the figures mean nothing)
  --timeout S      time box per engine and workload in seconds (default ${FULL.timeoutSeconds}, quick ${QUICK.timeoutSeconds})
PyTorch runs in the Python at $GRADSCHOOL_BENCH_PYTHON (default /usr/bin/python3, Debian's python3-torch);
its rows are skipped, with a note, where that Python has no torch. Debian's torch uses the system BLAS, the slow
reference one unless libopenblas0-pthread is installed (or LD_LIBRARY_PATH names an openblas-pthread directory);
the table's notes name the BLAS torch loaded.`;

export function parseArgs(argv: readonly string[]): Options {
  const o: Options = { mode: FULL, json: null, only: [], samples: null, timeoutSeconds: null, help: false };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value\n${USAGE}`);
    return v;
  };
  const positive = (s: string, flag: string): number => {
    const n = Number(s);
    if (!(n > 0) || !Number.isFinite(n)) throw new Error(`${flag} needs a positive number, got '${s}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') o.mode = QUICK;
    else if (a === '--tiny') o.mode = TINY;
    else if (a === '--help' || a === '-h') o.help = true;
    else if (a === '--json') o.json = value(i++, a);
    else if (a === '--only') o.only.push(value(i++, a));
    else if (a === '--samples') o.samples = Math.round(positive(value(i++, a), a));
    else if (a === '--timeout') o.timeoutSeconds = positive(value(i++, a), a);
    else throw new Error(`unknown argument '${a}'\n${USAGE}`);
  }
  parseOnly(o.only); // reject unknown names before anything runs
  return o;
}

/** The mode with --samples / --timeout applied. */
export function effectiveMode(o: Options): Mode {
  const mode = { ...o.mode };
  if (o.samples !== null) mode.samples = o.samples;
  if (o.timeoutSeconds !== null) mode.timeoutSeconds = o.timeoutSeconds;
  return mode;
}
