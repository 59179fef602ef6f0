// What every example shares: command-line flags, a progress line fed by fit()'s events, and the
// final one-line JSON report. Node only; nothing here is about deep learning.

import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { setBackend, getBackendName, data, type FitEvent } from '../../engine/index.ts';

/** Where an example writes: lines that stay, and a status line a terminal may overwrite in place. */
export interface Output {
  log(line: string): void;
  status?(line: string): void;
}

const tty = process.stdout.isTTY === true;
export const consoleOutput: Output = {
  log: (line) => process.stdout.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`),
  status: tty ? (line) => process.stdout.write(`\r\x1b[K${line}`) : undefined,
};

type FlagValue = number | string | boolean;
/** A mistake on the command line: reported as one line, without a stack trace. */
export class UsageError extends Error {
  constructor(message: string, readonly help = false) {
    super(message);
  }
}

const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Parses `--name value`, `--name=value` and bare `--flag` (booleans) into a copy of `defaults`;
 * each flag's type is its default's type. Flag names are the keys in kebab-case (batchSize →
 * --batch-size). Unknown flags and bad numbers throw, listing what is accepted.
 */
export function parseFlags<T extends Record<string, FlagValue>>(argv: readonly string[], defaults: T): T {
  const out: Record<string, FlagValue> = { ...defaults };
  const byFlag = new Map(Object.keys(defaults).map((k) => [kebab(k), k]));
  const usage = () => [...byFlag].map(([flag, k]) => `--${flag} (${JSON.stringify(defaults[k])})`).join(' ');
  if (argv.includes('--help')) throw new UsageError(`flags and defaults: ${usage()}`, true);
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(argv[i]);
    const key = m ? byFlag.get(m[1]) : undefined;
    if (!m || key === undefined) throw new UsageError(`unknown argument '${argv[i]}'; flags and defaults: ${usage()}`);
    const kind = typeof defaults[key];
    if (kind === 'boolean') {
      out[key] = m[2] === undefined ? true : m[2] !== 'false';
      continue;
    }
    const raw = m[2] ?? argv[++i];
    if (raw === undefined) throw new UsageError(`--${m[1]} needs a value`);
    if (kind === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`--${m[1]} must be a number, got '${raw}'`);
      out[key] = n;
    } else out[key] = raw;
  }
  return out as T;
}

/** Switches backend when one is named ('js', 'wasm'); returns the backend that will run. */
export function useBackend(name: string): string {
  if (name) setBackend(name);
  return getBackendName();
}

const clock = (s: number): string => (s >= 60 ? `${Math.floor(s / 60)}m${String(Math.round(s % 60)).padStart(2, '0')}s` : `${s.toFixed(0)}s`);
const bar = (done: number, total: number, width = 24): string => {
  const n = Math.round((done / total) * width);
  return `[${'#'.repeat(n)}${'.'.repeat(width - n)}]`;
};

/**
 * A progress reporter for fit(): a bar redrawn in place on a terminal (or a plain line every tenth
 * of an epoch otherwise), and one line per epoch. It keeps every step's loss in `losses`.
 */
export function progress(out: Output, epochs: number, describe: (e: Extract<FitEvent, { type: 'epoch' }>['record']) => string) {
  const losses: number[] = [];
  let lastTenth = -1;
  const onEvent = (e: FitEvent): void => {
    if (e.type === 'step') {
      losses.push(e.loss);
      const total = e.stepsPerEpoch ?? e.step;
      const line = `epoch ${e.epoch}/${epochs} ${bar(e.step, total)} ${e.step}/${total} loss ${e.loss.toFixed(4)} · ${e.samplesPerSecond.toFixed(0)} samples/s · ETA ${clock(e.etaSeconds ?? 0)}`;
      if (out.status) out.status(line);
      else {
        const tenth = Math.floor((10 * e.step) / total);
        if (tenth !== lastTenth || e.step === 1) out.log(line);
        lastTenth = tenth;
      }
    } else if (e.type === 'epoch') {
      lastTenth = -1;
      out.log(`epoch ${e.record.epoch}/${epochs}: ${describe(e.record)} · ${e.record.seconds.toFixed(1)}s`);
    }
  };
  return { onEvent, losses };
}

/** Numbers rounded for reading: 4 significant decimals is plenty for a report. */
export const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/** Prints the final result as ONE JSON line (what scripts and the README read). */
export function report(out: Output, result: Record<string, unknown>): void {
  out.log(JSON.stringify(result));
}

/** What main() hands back to a caller (tests): the printed result and every training step's loss. */
export interface ExampleRun {
  result: Record<string, unknown>;
  losses: number[];
}

/** True when the module at `url` is the script node was asked to run (not imported by a test). */
export const isMain = (url: string): boolean => process.argv[1] !== undefined && url === pathToFileURL(resolve(process.argv[1])).href;

/** Runs main as a script: a usage error or missing data prints one line (what to do); a bug its stack. */
export function runMain(main: (argv: string[]) => Promise<unknown>): void {
  main(process.argv.slice(2)).catch((e: Error) => {
    const usage = e instanceof UsageError;
    process.stderr.write(`${usage || e instanceof data.MissingDataError ? e.message : (e.stack ?? e.message)}\n`);
    process.exit(usage && e.help ? 0 : 1);
  });
}

/** Seconds since `start` (performance.now()), one decimal. */
export const secondsSince = (start: number): number => round((performance.now() - start) / 1000, 1);
