// The playground's network on the engine's public API: an MLP of any depth with a width and
// activation per hidden layer, optional batch norm after each hidden linear map, dropout after each
// activation, and `outputs` values out. Knows nothing of data or optimizers.

import { nn, manualSeed, noGrad, fromTypedArray, leakyRelu, elu, gelu, silu, dropout, type Tensor } from '../../../engine/index.ts';
import type { ActivationName, PlaygroundSettings } from './settings.ts';

const activationFns: Record<ActivationName, (x: Tensor) => Tensor> = {
  tanh: (x) => x.tanh(),
  relu: (x) => x.relu(),
  sigmoid: (x) => x.sigmoid(),
  linear: (x) => x,
  leakyRelu: (x) => leakyRelu(x),
  elu: (x) => elu(x),
  gelu: (x) => gelu(x),
  silu: (x) => silu(x),
};

/** The gain nn.init uses for each activation (those nn.init does not name get ReLU's or 1). */
const gainName: Record<ActivationName, 'tanh' | 'relu' | 'sigmoid' | 'linear' | 'leakyRelu'> = {
  tanh: 'tanh', relu: 'relu', sigmoid: 'sigmoid', linear: 'linear', leakyRelu: 'leakyRelu', elu: 'relu', gelu: 'relu', silu: 'relu',
};

type Spec = Pick<PlaygroundSettings, 'features' | 'layers' | 'init' | 'seed' | 'dropout' | 'batchNorm'>;

export class Net {
  linears: nn.Linear[];
  /** One BatchNorm1d per hidden layer while batch norm is on, else empty. */
  norms: nn.BatchNorm1d[] = [];
  spec: Spec;

  /** Weights drawn from the engine's RNG seeded with spec.seed: the same settings, the same start. */
  constructor(spec: Spec, outputs: number) {
    this.spec = spec;
    manualSeed(spec.seed);
    const sizes = [spec.features.length, ...spec.layers.map((l) => l.units), outputs];
    this.linears = sizes.slice(1).map((out, i) => new nn.Linear(sizes[i]!, out));
    if (spec.init !== 'default') {
      this.linears.forEach((layer, i) => {
        const act = spec.layers[i]?.activation ?? 'linear';
        if (spec.init === 'xavier') nn.init.xavierUniform_(layer.weight, nn.init.calculateGain(gainName[act]));
        else nn.init.kaimingNormal_(layer.weight, { nonlinearity: gainName[act] });
        nn.init.zeros_(layer.bias!);
      });
    }
    this.setBatchNorm(spec.batchNorm);
  }

  /** Switches batch norm on (fresh layers: scale 1, shift 0, running stats reset) or off, keeping the linear weights. */
  setBatchNorm(on: boolean): void {
    this.norms = on ? this.spec.layers.map((l) => new nn.BatchNorm1d(l.units)) : [];
  }

  /** Every trained tensor: the linear maps' weights and biases, and the norms' scales and shifts. */
  parameters(): Tensor[] {
    return [...this.linears.flatMap((l) => [l.weight, l.bias!]), ...this.norms.flatMap((n) => [n.weight!, n.bias!])];
  }

  /** The weights the penalties act on (not biases, nor batch norm's scale and shift). */
  weights(): Tensor[] {
    return this.linears.map((l) => l.weight);
  }

  /** x: (N, F) → the output (N, outputs) and each hidden layer's output after its activation, (N, units). */
  forward(x: Tensor, training: boolean): { out: Tensor; hidden: Tensor[] } {
    const hidden: Tensor[] = [];
    let h = x;
    for (const n of this.norms) n.train(training);
    this.spec.layers.forEach((layer, i) => {
      let z = this.linears[i]!.forward(h);
      if (this.norms[i]) z = this.norms[i]!.forward(z);
      h = activationFns[layer.activation](z);
      hidden.push(h);
      if (this.spec.dropout > 0) h = dropout(h, this.spec.dropout, training);
    });
    return { out: this.linears[this.linears.length - 1]!.forward(h), hidden };
  }

  /** A copy of every parameter and running statistic, to come back to (early stopping's best step). */
  snapshot(): Float32Array[] {
    return this.#state().map((t) => Float32Array.from(t.toTypedArray() as Float32Array));
  }

  restore(saved: Float32Array[]): void {
    const state = this.#state();
    if (saved.length !== state.length) return; // the net changed shape since: nothing to restore
    noGrad(() => state.forEach((t, i) => t.copy_(fromTypedArray(saved[i]!, t.shape))));
  }

  #state(): Tensor[] {
    return [...this.linears, ...this.norms].flatMap((m) => Object.values(m.stateDict())).filter((t) => t.dtype === 'float32');
  }
}
