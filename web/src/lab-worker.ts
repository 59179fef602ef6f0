// The page's handle on the training worker: one worker for the session (its wasm module and result
// cache stay warm), jobs addressed by id, and a Stop that cannot hang: a worker that does not
// answer a stop soon (an experiment that never yields) is terminated and replaced.

import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

type Handler = (reply: WorkerReply) => void;
type JobRequest = Exclude<WorkerRequest, { type: 'stop' }>;
type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** How long a stopped job may take to say so before its worker is terminated. */
const STOP_GRACE_MS = 3000;

let worker: Worker | null = null;
let nextId = 1;
const handlers = new Map<number, Handler>();

function ensureWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'gradschool-training' });
  w.onmessage = (e: MessageEvent<WorkerReply>) => handlers.get(e.data.id)?.(e.data);
  w.onerror = (e: ErrorEvent) => {
    // A worker that fails to load (or throws outside a job) fails every job it holds.
    e.preventDefault();
    const message = `the training worker crashed: ${e.message || 'it could not start (see the browser console)'}`;
    for (const [id, h] of [...handlers]) h({ type: 'failed', id, phase: 'run', message });
    handlers.clear();
    w.terminate();
    if (worker === w) worker = null;
  };
  worker = w;
  return w;
}

export interface Job {
  id: number;
  /** Asks the job to stop; resolves once it has (or its worker was terminated). */
  stop(): void;
}

/**
 * Starts a job; `onReply` gets every reply for it. A job ends with 'done', 'stopped' or 'failed',
 * after which no more replies come.
 */
export function startJob(request: DistributiveOmit<JobRequest, 'id'>, onReply: Handler): Job {
  const w = ensureWorker();
  const id = nextId++;
  handlers.set(id, (reply) => {
    if (reply.type === 'done' || reply.type === 'stopped' || reply.type === 'failed') handlers.delete(id);
    onReply(reply);
  });
  w.postMessage({ ...request, id } as WorkerRequest);
  let stopping = false;
  return {
    id,
    stop() {
      if (stopping || !handlers.has(id)) return;
      stopping = true;
      w.postMessage({ type: 'stop', id } satisfies WorkerRequest);
      setTimeout(() => {
        if (!handlers.has(id)) return;
        // Still running: the experiment is not checking its signal. End the worker itself.
        w.terminate();
        if (worker === w) worker = null;
        for (const [other, h] of [...handlers]) h(other === id ? { type: 'stopped', id, phase: 'run' } : { type: 'failed', id: other, phase: 'run', message: 'the training worker was restarted to stop another run' });
        handlers.clear();
      }, STOP_GRACE_MS);
    },
  };
}
