// A private random stream for data code (torch.Generator): a seeded DataLoader or split draws from
// its own state, so it neither disturbs nor depends on the global stream that manualSeed sets.
// It runs the engine's own RNG (same numbers in Node and the browser) by swapping its state in.

import { getRngState, setRngState, manualSeed, nextInt } from '../tensor/random.ts';

export class Generator {
  private state: number[];

  /** Without a seed, one is drawn from the global stream, so manualSeed still makes it reproducible. */
  constructor(seed: number = nextInt(0, 2 ** 31)) {
    const saved = getRngState();
    manualSeed(seed);
    this.state = getRngState();
    setRngState(saved);
  }

  manualSeed(seed: number): this {
    this.run(() => manualSeed(seed));
    return this;
  }

  /** Runs fn with this generator's state as the engine's random state, then puts the global state back. */
  run<T>(fn: () => T): T {
    const saved = getRngState();
    setRngState(this.state);
    try {
      return fn();
    } finally {
      this.state = getRngState();
      setRngState(saved);
    }
  }
}

/** Options every seeded data function takes: a generator to draw from, or a seed for a fresh one. */
export interface RandomOptions {
  generator?: Generator;
  seed?: number;
}

/** Runs fn under the generator or seed in opts, or on the global stream when neither is given. */
export function withRandom<T>(opts: RandomOptions, fn: () => T): T {
  if (opts.generator) return opts.generator.run(fn);
  if (opts.seed !== undefined) return new Generator(opts.seed).run(fn);
  return fn();
}
