// Thins a run's progress events before they are stored: each series keeps an even spread of its
// points (always its first and last), so stored charts keep their shape at a bounded size.

import type { ProgressEvent } from '../course/kit/index.ts';

export const MAX_STORED_EVENTS = 2000;

export function downsampleProgress(events: readonly ProgressEvent[], max = MAX_STORED_EVENTS): ProgressEvent[] {
  if (events.length <= max) return [...events];
  const bySeries = new Map<string, number[]>();
  events.forEach((e, i) => {
    const list = bySeries.get(e.series);
    if (list) list.push(i);
    else bySeries.set(e.series, [i]);
  });
  const share = Math.max(2, Math.floor(max / bySeries.size));
  const keep = new Set<number>();
  for (const indices of bySeries.values()) {
    if (indices.length <= share) {
      indices.forEach((i) => keep.add(i));
      continue;
    }
    for (let k = 0; k < share; k++) keep.add(indices[Math.round((k * (indices.length - 1)) / (share - 1))]!);
  }
  // Original order, and never over the cap even with more series than the cap allows two points each.
  return [...keep].sort((a, b) => a - b).slice(0, max).map((i) => events[i]!);
}
