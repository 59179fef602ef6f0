// Terminal text for the CLI: aligned tables, numbers, metric lists and claim verdict lines.
// Pure functions of their input (colour is an argument), so tests can check them directly.

import type { ClaimSweep, Range } from '../lab/claim-sweep.ts';
import type { ClaimResult } from '../lab/claims.ts';

export interface Column {
  header: string;
  align?: 'left' | 'right';
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** Printed width: ANSI colour codes take no room. */
export const visibleWidth = (s: string): number => [...s.replace(ANSI, '')].length;

function pad(s: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleWidth(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** Columns padded to their widest cell, two spaces apart, a rule under the header. */
export function table(columns: readonly Column[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = columns.map((c, i) => Math.max(visibleWidth(c.header), ...rows.map((r) => visibleWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]) =>
    columns.map((c, i) => pad(cells[i] ?? '', widths[i]!, c.align ?? 'left')).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Integers as they are; others with 4 significant digits, tiny or huge ones in exponent form. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

/** "loss=0.41 accuracy=0.88", keys in the order the experiment reported them. */
export function formatMetrics(metrics: Readonly<Record<string, number>>): string {
  return Object.entries(metrics).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ');
}

/** "12.3s", "1m 05s". */
export function formatSeconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m ${String(Math.round(s - m * 60)).padStart(2, '0')}s`;
}

const paint = (on: boolean, code: number, s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/** A claim's verdict: the mark and the claim, then what was measured against what was expected. */
export function claimLines(c: ClaimResult, color = false): string {
  const mark = c.passed ? paint(color, 32, '✓ passed') : paint(color, 31, '✗ failed');
  const seeds = c.seeds ? ` · seeds ${formatSeeds(c.seeds)}` : '';
  const lines = [`${mark}  ${c.text}`, `          value ${formatNumber(c.value)}, expected ${c.expected}${seeds}`];
  if (c.detail) lines.push(`          ${c.detail}`);
  return lines.join('\n');
}

/** "11, 12, 13", "1–30", "1–10, 50": runs of four or more consecutive seeds as a range. */
export function formatSeeds(seeds: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < seeds.length; ) {
    let j = i;
    while (j + 1 < seeds.length && seeds[j + 1] === seeds[j]! + 1) j++;
    if (j - i >= 3) parts.push(`${seeds[i]}–${seeds[j]}`);
    else parts.push(...seeds.slice(i, j + 1).map(String));
    i = j + 1;
  }
  return parts.join(', ');
}

/** A claim swept over seeds: how many triples pass, each seed's value alone, the ranges, each triple. */
export function sweepLines(s: ClaimSweep, color = false): string {
  const failed = s.triples.filter((t) => !t.passed).length;
  const mark = failed ? paint(color, 31, '✗') : paint(color, 32, '✓');
  const pad = '          ';
  const alone = s.perSeed.map((v) => `${v.seed}: ${v.value === null ? '–' : formatNumber(v.value)}${v.passed === false ? ' ✗' : ''}`);
  const lines = [
    `${mark} ${s.triples.length - failed} of ${s.triples.length} triples pass  ${s.id} (${s.experiment})`,
    `${pad}expected ${s.expected}`,
    `${pad}each seed alone (✗: fails alone): ${alone.join(', ')}`,
    `${pad}over seeds: ${describeRange(s.seedRange, s.perSeed)}`,
    `${pad}over triples: ${describeRange(s.tripleRange, [])}`,
    `${pad}triples: ${s.triples.map((t) => `${t.seeds.join(',')} ${t.passed ? '✓' : '✗'} ${formatNumber(t.value)}`).join(' · ')}`,
  ];
  if (s.leftOver.length) lines.push(`${pad}left over: ${formatSeeds(s.leftOver)} (not a whole triple; checked alone only)`);
  return lines.join('\n');
}

/** "min 0.91 (seed 7) · median 0.93 · max 0.95 (seed 12)"; seeds named where `values` are given. */
function describeRange(r: Range | null, values: ReadonlyArray<{ seed: number; value: number | null }>): string {
  if (!r) return 'no finite values';
  const at = (x: number) => {
    const hit = values.find((v) => v.value === x);
    return hit ? ` (seed ${hit.seed})` : '';
  };
  return `min ${formatNumber(r.min)}${at(r.min)} · median ${formatNumber(r.median)} · max ${formatNumber(r.max)}${at(r.max)}`;
}

/** Counts of passed and failed claims, e.g. "2 of 3 claims passed". */
export function claimSummary(claims: readonly ClaimResult[]): string {
  const passed = claims.filter((c) => c.passed).length;
  return `${passed} of ${claims.length} claim${claims.length === 1 ? '' : 's'} passed`;
}

/** "in 10 minutes", "in 3 days", "now": how far off a due date is. */
export function formatWhen(due: Date, now: Date = new Date()): string {
  const minutes = Math.round((due.getTime() - now.getTime()) / 60000);
  if (minutes <= 0) return 'now';
  if (minutes < 60) return `in ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `in ${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

/** Local "2025-03-04 14:05", the form a learner reads a due date in. */
export function formatLocalTime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
