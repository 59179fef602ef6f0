// Chooses the backend every op dispatches to. The js backend is the readable reference.

import type { Backend } from './backend.ts';
import { jsBackend } from './js/index.ts';

const backends = new Map<string, Backend>([['js', jsBackend]]);
let current: Backend = jsBackend;

export const backend = (): Backend => current;

export function setBackend(name: string): void {
  const b = backends.get(name);
  if (!b) throw new Error(`setBackend: unknown backend '${name}' (available: ${[...backends.keys()].join(', ')})`);
  current = b;
}

export function registerBackend(b: Backend): void {
  backends.set(b.name, b);
}

export const getBackendName = (): string => current.name;
export type { Backend, View, UnaryOp, BinaryOp, ReduceOp } from './backend.ts';
