// Live progress of experiment runs on stderr: a cli-progress bar per run on a terminal, otherwise
// (piped stderr, --json) a compact line at most once a second, so logs stay readable.

import cliProgress from 'cli-progress';
import type { ProgressEvent } from '../course/kit/index.ts';
import { formatMetrics, formatSeconds } from './format.ts';

export interface RunBar {
  update(event: ProgressEvent): void;
  /** Marks the run ended; `note` says how ("done", "stopped"). */
  finish(note: string): void;
}

export interface ProgressView {
  begin(label: string): RunBar;
  /** A line of commentary, printed above the bars. */
  log(message: string): void;
  /** Stops drawing and gives the terminal back; safe to call twice. */
  close(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WriteStream;
  /** Draw bars (a terminal) or print throttled lines. */
  bars: boolean;
  /** Least time between two progress lines in line mode. */
  lineIntervalMs?: number;
  now?: () => number;
}

export function createProgressView(opts: ProgressOptions): ProgressView {
  return opts.bars ? barView(opts.stream) : lineView(opts.stream, opts.lineIntervalMs ?? 1000, opts.now ?? Date.now);
}

interface Payload {
  label: string;
  series: string;
  metrics: string;
  note: string;
  known: boolean;
}

const BAR_WIDTH = 24;

function drawBar(_options: unknown, params: { progress: number; value: number; total: number }, payload: Payload): string {
  const filled = Math.round(Math.min(1, Math.max(0, params.progress)) * BAR_WIDTH);
  const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
  const count = payload.known ? `${String(Math.round(params.progress * 100)).padStart(3)}% ${params.value}/${params.total}` : `step ${params.value}`;
  const tail = payload.note ? payload.note : [payload.series, payload.metrics].filter(Boolean).join('  ');
  return `${payload.label}  ${bar} ${count}  ${tail}`;
}

function barView(stream: NodeJS.WriteStream): ProgressView {
  const multi = new cliProgress.MultiBar({ stream, format: drawBar as never, hideCursor: true, clearOnComplete: false, fps: 10, linewrap: false });
  let closed = false;
  return {
    begin(label) {
      const payload: Payload = { label, series: '', metrics: '', note: '', known: false };
      const bar = multi.create(1, 0, payload);
      const started = Date.now();
      return {
        update(e) {
          const known = e.totalSteps !== undefined && e.totalSteps > 0;
          bar.setTotal(known ? e.totalSteps! : Math.max(1, e.step));
          bar.update(e.step, { series: e.series, metrics: formatMetrics(e.metrics), known });
        },
        finish(note) {
          bar.update(bar.getTotal(), { note: `${note} in ${formatSeconds((Date.now() - started) / 1000)}`, known: true });
        },
      };
    },
    log(message) {
      if (!closed) multi.log(`${message}\n`);
      else stream.write(`${message}\n`);
    },
    close() {
      if (closed) return;
      closed = true;
      multi.update(); // cli-progress only writes queued log lines on a redraw; stop() would drop them
      multi.stop();
    },
  };
}

function lineView(stream: NodeJS.WriteStream, intervalMs: number, now: () => number): ProgressView {
  let last = -Infinity;
  return {
    begin(label) {
      const started = now();
      return {
        update(e) {
          const t = now();
          if (t - last < intervalMs) return;
          last = t;
          const count = e.totalSteps ? `${e.step}/${e.totalSteps}` : `step ${e.step}`;
          stream.write(`[${label}] ${e.series} ${count} ${formatMetrics(e.metrics)}`.trimEnd() + '\n');
        },
        finish(note) {
          stream.write(`[${label}] ${note} in ${formatSeconds((now() - started) / 1000)}\n`);
        },
      };
    },
    log(message) {
      stream.write(`${message}\n`);
    },
    close() {},
  };
}
