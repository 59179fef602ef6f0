// One replica of data-parallel training, and the step every replica runs, the caller's thread and
// each worker alike: its share of the batch forward and backward, its gradients (weighted by its
// share of the rows) written to its slot of shared memory, a barrier, then every replica sums the
// slots in the same order, so all hold bit-identical gradients, and applies its own update. The
// replicas never exchange weights after the start: equal gradients into equal optimizers keep
// them equal, as in PyTorch's DistributedDataParallel.

import type { Tensor } from '../tensor/tensor.ts';
import { fromTypedArray } from '../tensor/creation.ts';
import { noGrad } from '../autograd/grad-mode.ts';
import { stepScopes } from '../tensor/tidy.ts';
import { META_WORDS } from './batch-wire.ts';
import { TrainingError } from '../errors.ts';
import { flatOf } from '../optim/optimizer.ts';

/** What a replica module's factory returns; every replica builds its own from the same code. */
export interface Replica {
  /** The trained parameters, in the same order and shapes on every replica. */
  parameters: readonly Tensor[];
  /** The loss on a slice of the batch (rows along dim 0 of every input): a mean over those rows. */
  loss(inputs: Tensor[]): Tensor;
  /** Applies the summed gradients: clipping, the optimizer step. Runs on every replica alike. */
  update(): void;
  /** Clears the gradients before a step; the default sets each parameter's grad to null. */
  zeroGrad?(): void;
  /** What a step's tensors must not outlive (the model, the optimizer); the default is the parameters. */
  keep?: readonly unknown[];
  /** Clears state carried between batches (an RNN's hidden state); dataParallel.reset() runs it on every replica. */
  reset?(): void;
}

/** A module's factory: `export function replica(options) { … }`, options as given to dataParallel. */
export type ReplicaFactory = (options: any) => Replica | Promise<Replica>;

// Control words (Int32Array over a SharedArrayBuffer). Counters only grow, so "step k is done"
// is `counter ≥ k · replicas` and nobody ever resets one while another thread reads it.
export const ARRIVED = 0; // shares whose gradients are in their slots
export const FINISHED = 1; // shares that summed, updated, and no longer read the slots
export const LOADED = 2; // workers done with a Load, Store or Reset command (broadcast, inSync, reset)
export const FAILED = 3; // 1 + the replica whose share failed this step (0: none); the caller clears it
export const BROKEN = 4; // 1 + a replica whose update failed: the replicas are no longer equal
// The caller's commands to the workers, which sleep on COMMANDS between them.
export const COMMANDS = 5; // bumped once per command
export const COMMAND = 6; // what to do: the Command codes below
export const STEP = 7; // the step number k of a STEP command
export const TOTAL = 8; // the batch's rows
export const INPUTS_VERSION = 9; // bumped when the caller posts a bigger input buffer
export const CONTROL_WORDS = 16;

export const enum Command { Step = 1, Load = 2, Store = 3, Reset = 4 }
export const MESSAGE_BYTES = 2048;

/** The shared memory every replica maps: control words, an error message, losses, gradient slots. */
export interface Shared {
  control: SharedArrayBuffer;
  message: SharedArrayBuffer;
  losses: SharedArrayBuffer;
  /** Per replica: every parameter's gradient, flattened, one after the other. */
  slots: SharedArrayBuffer;
  /** Per replica and parameter: 1 if that replica produced a gradient for it. */
  present: SharedArrayBuffer;
  /** The description of the batch in `inputs` (batch-wire.ts). */
  meta: SharedArrayBuffer;
}

export function allocateShared(replicas: number, parameterFloats: number, parameterCount: number): Shared {
  return {
    control: new SharedArrayBuffer(4 * CONTROL_WORDS),
    message: new SharedArrayBuffer(MESSAGE_BYTES),
    losses: new SharedArrayBuffer(8 * replicas),
    slots: new SharedArrayBuffer(4 * replicas * parameterFloats),
    present: new SharedArrayBuffer(4 * replicas * parameterCount),
    meta: new SharedArrayBuffer(4 * META_WORDS),
  };
}

/** Stops waiting after this long with no progress (a worker that died cannot say so). */
export class Waiter {
  constructor(private control: Int32Array, private timeoutMs: number) {}

  /** Blocks until control[word] ≥ target. */
  until(word: number, target: number, what: string): void {
    let last = Atomics.load(this.control, word), since = Date.now();
    while (last < target) {
      Atomics.wait(this.control, word, last, 1000);
      const now = Atomics.load(this.control, word);
      if (now !== last) { last = now; since = Date.now(); continue; }
      if (Date.now() - since > this.timeoutMs) {
        throw new Error(`dataParallel: waited ${Math.round(this.timeoutMs / 1000)} s for ${what} with no progress (a worker may have died)`);
      }
    }
  }
}

/** One replica's end of the shared memory, and the step it runs. */
export class ReplicaHost {
  readonly control: Int32Array;
  private losses: Float64Array;
  private slots: Float32Array;
  private present: Int32Array;
  private offsets: number[] = [];
  readonly floats: number;
  private scopes;
  private waiter: Waiter;
  private messageBytes: Uint8Array;

  constructor(readonly replica: Replica, readonly index: number, readonly count: number, shared: Shared, timeoutMs: number) {
    this.control = new Int32Array(shared.control);
    this.losses = new Float64Array(shared.losses);
    this.slots = new Float32Array(shared.slots);
    this.present = new Int32Array(shared.present);
    this.messageBytes = new Uint8Array(shared.message);
    let at = 0;
    for (const p of replica.parameters) { this.offsets.push(at); at += p.numel(); }
    this.floats = at;
    this.scopes = stepScopes([...(replica.keep ?? replica.parameters)]);
    this.waiter = new Waiter(this.control, timeoutMs);
  }

  /**
   * Step `k` (from 1) on `rows` of the batch's `total`; returns the batch's mean loss, or throws
   * when any replica's share failed (every replica then skips the update, so they stay equal).
   */
  step(k: number, inputs: Tensor[] | null, rows: number, total: number): number {
    const { replica, index, count, control } = this;
    const n = replica.parameters.length, weight = rows / total;
    const slot = this.slots.subarray(index * this.floats, (index + 1) * this.floats);
    const present = this.present.subarray(index * n, (index + 1) * n);
    return this.scopes.step(() => {
      let own: unknown = null;
      try {
        present.fill(0);
        this.losses[index] = 0;
        if (rows > 0 && inputs) {
          if (replica.zeroGrad) replica.zeroGrad(); else for (const p of replica.parameters) p.grad = null;
          const loss = replica.loss(inputs);
          this.losses[index] = loss.item() * weight;
          // Weighted by its share of the rows, each replica's gradient is its part of the batch mean's.
          loss.mul(weight).backward();
          replica.parameters.forEach((p, i) => {
            if (!p.grad) return;
            slot.set(flatOf(p.grad) as Float32Array, this.offsets[i]);
            present[i] = 1;
          });
        }
      } catch (e) {
        own = e;
        this.fail(FAILED, e);
      }
      Atomics.add(control, ARRIVED, 1);
      Atomics.notify(control, ARRIVED);
      this.waiter.until(ARRIVED, k * count, `the other replicas' gradients (step ${k})`);
      if (Atomics.load(control, FAILED)) {
        Atomics.add(control, FINISHED, 1);
        Atomics.notify(control, FINISHED);
        // This replica's own error keeps its type (a ShapeError stays one); another's is reported by text.
        throw Atomics.load(control, FAILED) === index + 1 ? own : new Error(this.message());
      }
      // Every replica adds the same numbers in the same order, so all agree on the batch's loss,
      // and on skipping the update when it is not finite (fit() does the same before backward).
      let loss = 0;
      for (let r = 0; r < count; r++) loss += this.losses[r];
      const finite = Number.isFinite(loss);
      if (finite) {
        try {
          this.sum();
          replica.update();
        } catch (e) {
          this.fail(BROKEN, e, 'in update(), after the gradients were summed');
        }
      }
      Atomics.add(control, FINISHED, 1);
      Atomics.notify(control, FINISHED);
      if (!finite) {
        const bad = Array.from({ length: count }, (_, r) => this.losses[r]).findIndex((x) => !Number.isFinite(x));
        throw new TrainingError(`dataParallel: the loss became ${loss} at step ${k} (first on replica ${bad}); no replica was updated`);
      }
      return loss;
    });
  }

  /**
   * Every parameter's gradient: the replicas' weighted gradients added in replica order, so every
   * replica computes the same bits (its own term read from its tensor, the others' from their slots).
   */
  private sum(): void {
    const { replica, count, floats, index } = this, n = replica.parameters.length;
    noGrad(() => replica.parameters.forEach((p, i) => {
      const own = p.grad;
      let total: Tensor | null = null, borrowed = false;
      for (let r = 0; r < count; r++) {
        if (this.present[r * n + i] !== 1) continue;
        const from = r * floats + this.offsets[i];
        const term = r === index ? own! : fromTypedArray(this.slots.subarray(from, from + p.numel()), [...p.shape]);
        borrowed = !total && r !== index;
        total = total ? total.add(term) : term;
      }
      // A lone term read from a slot is copied: the next step overwrites the slot.
      p.grad = total && borrowed ? total.clone() : total;
    }));
  }

  /** Copies replica 0's weights, which the caller left in slot 0, into this replica's parameters. */
  load(): void {
    noGrad(() => this.replica.parameters.forEach((p, i) => {
      const at = this.offsets[i];
      p.copy_(fromTypedArray(this.slots.slice(at, at + p.numel()), [...p.shape]));
    }));
  }

  /** Writes this replica's weights into a slot: 0 for the others to load, its own for inSync(). */
  storeWeights(slot = 0): void {
    this.replica.parameters.forEach((p, i) => this.slots.set(flatOf(p) as Float32Array, slot * this.floats + this.offsets[i]));
  }

  /** Whether every other replica's slot holds exactly this replica's weights. */
  matchesSlots(): boolean {
    const mine = new Float32Array(this.floats);
    this.replica.parameters.forEach((p, i) => mine.set(flatOf(p) as Float32Array, this.offsets[i]));
    const bits = new Uint32Array(mine.buffer), slots = new Uint32Array(this.slots.buffer);
    for (let r = 1; r < this.count; r++) {
      for (let j = 0; j < this.floats; j++) if (slots[r * this.floats + j] !== bits[j]) return false;
    }
    return true;
  }

  /** Marks the replicas as no longer equal (a command failed on this one after they were). */
  breakWith(e: unknown, where: string): void {
    this.fail(BROKEN, e, where);
  }

  /** The first failure wins the word; its message is what every replica reports. */
  private fail(word: number, e: unknown, where = ''): void {
    if (Atomics.compareExchange(this.control, word, 0, this.index + 1) !== 0) return;
    const text = `replica ${this.index}${where ? ` (${where})` : ''}: ${(e as Error)?.message ?? String(e)}`;
    const bytes = new TextEncoder().encode(text).subarray(0, MESSAGE_BYTES - 4);
    this.messageBytes.set(bytes, 4);
    new Int32Array(this.messageBytes.buffer, 0, 1)[0] = bytes.length;
  }

  /** The failure text a replica left in shared memory (copied out: decoders refuse shared views). */
  message(): string {
    const n = new Int32Array(this.messageBytes.buffer, 0, 1)[0];
    return `dataParallel: ${new TextDecoder().decode(this.messageBytes.slice(4, 4 + n))}`;
  }
}
