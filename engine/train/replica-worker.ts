// A data-parallel worker: builds its replica from the user's module on the caller's backend, says
// what its parameters are, then sleeps on the shared command word and runs each command (a step,
// a weight load or store, a state reset) as the caller writes it. Errors after start travel
// through shared memory (replica.ts); errors before the first command, as a message.

import { parentPort, workerData, receiveMessageOnPort } from 'node:worker_threads';
import { setBackend, setWasmKernels, setNumThreads } from '../backend/index.ts';
import { manualSeed } from '../tensor/random.ts';
import { ReplicaHost, COMMANDS, COMMAND, STEP, TOTAL, INPUTS_VERSION, LOADED, Command, type Shared, type ReplicaFactory } from './replica.ts';
import { rowsOf, unpack } from './batch-wire.ts';

export interface WorkerInit {
  module: string;
  exportName: string;
  options: unknown;
  index: number;
  count: number;
  backend: string;
  kernels: 'portable' | 'relaxed' | null;
  seed: number;
  timeoutMs: number;
  shared: Shared;
}

/** The one message the caller sends after start: a bigger input buffer, before the step that needs it. */
export interface InputsMessage { version: number; buffer: SharedArrayBuffer }

export type FromWorker =
  | { type: 'ready'; shapes: number[][] }
  | { type: 'error'; message: string };

const init = workerData as WorkerInit;
const port = parentPort!;

async function start(): Promise<ReplicaHost> {
  if (init.kernels) setWasmKernels(init.kernels);
  setBackend(init.backend);
  // One kernel thread per replica: the replicas are the parallelism.
  if (init.backend === 'wasm') setNumThreads(1);
  manualSeed(init.seed + init.index);
  const mod = await import(init.module);
  const factory = mod[init.exportName] as ReplicaFactory | undefined;
  if (typeof factory !== 'function') throw new Error(`${init.module} has no exported function '${init.exportName}'`);
  return new ReplicaHost(await factory(init.options), init.index, init.count, init.shared, init.timeoutMs);
}

/** Runs commands until the caller terminates this worker (which ends a wait, too). */
function serve(host: ReplicaHost, seen: number): void {
  const control = host.control, meta = new Int32Array(init.shared.meta);
  let inputs: SharedArrayBuffer | null = null, version = 0;
  for (;;) {
    Atomics.wait(control, COMMANDS, seen);
    seen = Atomics.load(control, COMMANDS);
    const command = Atomics.load(control, COMMAND);
    if (command === Command.Step) {
      // The caller posted the buffer before it wrote the command, so the message is already queued.
      while (version !== Atomics.load(control, INPUTS_VERSION)) ({ version, buffer: inputs } = (receiveMessageOnPort(port)!.message as InputsMessage));
      const k = Atomics.load(control, STEP), total = Atomics.load(control, TOTAL);
      const { start, rows } = rowsOf(total, host.count, host.index);
      try {
        host.step(k, rows > 0 ? unpack(inputs!, meta, start, rows) : null, rows, total);
      } catch { /* a failed share is reported to the caller through shared memory */ }
    } else {
      try {
        if (command === Command.Load) host.load();
        else if (command === Command.Store) host.storeWeights(host.index);
        else host.replica.reset?.();
      } catch (e) {
        // This replica may now differ from the others: every later call says so.
        host.breakWith(e, command === Command.Reset ? 'in reset()' : command === Command.Load ? 'loading broadcast weights' : 'storing its weights');
      }
      Atomics.add(control, LOADED, 1);
      Atomics.notify(control, LOADED);
    }
  }
}

start().then((host) => {
  // Read before saying ready: the caller's first command comes only after it hears that.
  const seen = Atomics.load(host.control, COMMANDS);
  port.postMessage({ type: 'ready', shapes: host.replica.parameters.map((p) => [...p.shape]) } satisfies FromWorker);
  serve(host, seen);
}, (e: Error) => port.postMessage({ type: 'error', message: e?.message ?? String(e) } satisfies FromWorker));
