// ONNX RNN, GRU and LSTM: one layer, forward, reverse or bidirectional, unrolled over time with
// engine ops. ONNX orders the gates differently from PyTorch (LSTM i,o,f,c; GRU z,r,h), defaults
// GRU to linear_before_reset=0, and adds peepholes, clip, sequence_lens and custom activations.

import type { Tensor } from '../../tensor/tensor.ts';
import { tensor, zeros } from '../../tensor/creation.ts';
import { where, sigmoid, tanh, relu } from '../../ops/index.ts';
import { linear, chunk, stack, leakyRelu, elu, softsign, softplus, hardSigmoid } from '../../functional/index.ts';
import { defineOnnxOps, type NodeContext } from '../registry.ts';

type Kind = 'RNN' | 'GRU' | 'LSTM';
type Act = (x: Tensor) => Tensor;

const GATES: Record<Kind, number> = { RNN: 1, GRU: 3, LSTM: 4 };
const DEFAULT_ACTIVATIONS: Record<Kind, string[]> = { RNN: ['Tanh'], GRU: ['Sigmoid', 'Tanh'], LSTM: ['Sigmoid', 'Tanh', 'Tanh'] };

// Which of activation_alpha / activation_beta each function reads, and the value when the lists run out.
const ACTIVATIONS: Record<string, { alpha?: number; beta?: number; make: (a: number, b: number) => Act }> = {
  relu: { make: () => relu },
  tanh: { make: () => tanh },
  sigmoid: { make: () => sigmoid },
  affine: { alpha: 1, beta: 0, make: (a, b) => (x) => x.mul(a).add(b) },
  leakyrelu: { alpha: 0.01, make: (a) => (x) => leakyRelu(x, a) },
  thresholdedrelu: { alpha: 1, make: (a) => (x) => where(x.gt(a), x, 0) },
  scaledtanh: { alpha: 1, beta: 1, make: (a, b) => (x) => x.mul(b).tanh().mul(a) },
  hardsigmoid: { alpha: 0.2, beta: 0.5, make: (a, b) => (x) => hardSigmoid(x, { alpha: a, beta: b }) },
  elu: { alpha: 1, make: (a) => (x) => elu(x, a) },
  softsign: { make: () => softsign },
  softplus: { make: () => (x) => softplus(x) },
};

/** The activations of each direction; alphas and betas are consumed in order by the functions that take them. */
function activationsOf(ctx: NodeContext, kind: Kind, directions: number): Act[][] {
  const per = DEFAULT_ACTIVATIONS[kind].length;
  let names = ctx.attrs.strings('activations', DEFAULT_ACTIVATIONS[kind]);
  if (names.length === per && directions === 2) names = [...names, ...names];
  if (names.length !== per * directions) ctx.fail(`activations lists ${names.length} functions, expected ${per * directions} (${per} per direction)`);
  const [alphas, betas] = [ctx.attrs.floats('activation_alpha', []), ctx.attrs.floats('activation_beta', [])];
  let [ai, bi] = [0, 0];
  const acts = names.map((name) => {
    const spec = ACTIVATIONS[name.toLowerCase()] ?? ctx.fail(`unknown activation '${name}' (expected one of ${Object.keys(ACTIVATIONS).join(', ')}, any case)`);
    const a = spec.alpha === undefined ? 0 : (alphas[ai++] ?? spec.alpha);
    const b = spec.beta === undefined ? 0 : (betas[bi++] ?? spec.beta);
    return spec.make(a, b);
  });
  return Array.from({ length: directions }, (_, d) => acts.slice(d * per, (d + 1) * per));
}

interface Params {
  r: Tensor; // (G·H, H)
  rb: Tensor | null; // (G·H)
  p: Tensor | null; // LSTM peepholes (3H): i, o, f
  acts: Act[];
  clip: (x: Tensor) => Tensor; // applied to every gate's input before its activation
  linearBeforeReset: boolean;
  inputForget: boolean;
}
interface State { h: Tensor; c: Tensor }

// One time step. xw = x_t·Wᵀ + Wb for all gates, (N, G·H); h, c: (N, H).
const STEPS: Record<Kind, (xw: Tensor, s: State, p: Params) => State> = {
  // H' = f(x·Wᵀ + Wb + h·Rᵀ + Rb)
  RNN: (xw, { h, c }, { r, rb, acts: [f], clip }) => ({ h: f(clip(xw.add(linear(h, r, rb)))), c }),

  // z = f(·), r = f(·), ĥ = g(x·W_hᵀ + Wb_h + r ⊙ (h·R_hᵀ + Rb_h)) when linear_before_reset, else
  // g(x·W_hᵀ + Wb_h + (r ⊙ h)·R_hᵀ + Rb_h); H' = (1 − z) ⊙ ĥ + z ⊙ h.
  GRU: (xw, { h, c }, { r, rb, acts: [f, g], clip, linearBeforeReset }) => {
    const [xz, xr, xh] = chunk(xw, 3, -1);
    const [rz, rr, rh] = chunk(r, 3, 0);
    const [bz, br, bh] = rb ? chunk(rb, 3, 0) : [null, null, null];
    const z = f(clip(xz.add(linear(h, rz, bz))));
    const reset = f(clip(xr.add(linear(h, rr, br))));
    const recurrent = linearBeforeReset ? reset.mul(linear(h, rh, bh)) : linear(reset.mul(h), rh, bh);
    const candidate = g(clip(xh.add(recurrent)));
    return { h: z.neg().add(1).mul(candidate).add(z.mul(h)), c };
  },

  // i = f(· + P_i ⊙ c), f = f(· + P_f ⊙ c) (or 1 − i with input_forget), ĉ = g(·), C = f ⊙ c + i ⊙ ĉ,
  // o = f(· + P_o ⊙ C), H = o ⊙ h(C). The peepholes let the gates see the cell state.
  LSTM: (xw, { h, c }, { r, rb, p, acts: [f, g, hAct], clip, inputForget }) => {
    const [xi, xo, xf, xc] = chunk(xw.add(linear(h, r, rb)), 4, -1);
    const [pi, po, pf] = p ? chunk(p, 3, 0) : [null, null, null];
    const peep = (pre: Tensor, w: Tensor | null, state: Tensor) => (w ? pre.add(w.mul(state)) : pre);
    const i = f(clip(peep(xi, pi, c)));
    const forget = inputForget ? i.neg().add(1) : f(clip(peep(xf, pf, c)));
    const cNext = forget.mul(c).add(i.mul(g(clip(xc))));
    const o = f(clip(peep(xo, po, cNext)));
    return { h: o.mul(hAct(cNext)), c: cNext };
  },
};

/** The node's outputs: Y (T, D, N, H), Y_h (D, N, H) and for LSTM Y_c; batch first when layout = 1. */
function recurrent(kind: Kind) {
  return (ctx: NodeContext): Tensor[] => {
    const G = GATES[kind];
    const batchFirst = ctx.attrs.flag('layout', false);
    const x = batchFirst ? ctx.tensor(0).transpose(0, 1) : ctx.tensor(0); // (T, N, I)
    const [w, r, b] = [ctx.tensor(1), ctx.tensor(2), ctx.optional(3)];
    const direction = ctx.attrs.string('direction', 'forward', ['forward', 'reverse', 'bidirectional']);
    const D = direction === 'bidirectional' ? 2 : 1;
    if (x.ndim !== 3) ctx.fail(`X must be 3-D, got shape [${ctx.tensor(0).shape}]`);
    const [T, N, I] = x.shape;
    if (r.ndim !== 3) ctx.fail(`R must be 3-D, got shape [${r.shape}]`);
    const H = ctx.attrs.int('hidden_size', r.shape[2], { min: 1 });
    const expect = (t: Tensor | null, name: string, shape: number[]) => {
      if (t && t.shape.join() !== shape.join()) ctx.fail(`${name} has shape [${t.shape}], expected [${shape}] (num_directions ${D}, hidden_size ${H}, input_size ${I}, batch ${N})`);
    };
    expect(w, 'W', [D, G * H, I]);
    expect(r, 'R', [D, G * H, H]);
    expect(b, 'B', [D, 2 * G * H]);

    const lens = ctx.optionalInts(4);
    if (lens && (lens.length !== N || lens.some((l) => l < 0 || l > T))) ctx.fail(`sequence_lens [${lens}] must hold ${N} lengths in 0..${T}`);
    const live = lens ? tensor(lens, { dtype: 'int32' }).unsqueeze(1) : null; // (N, 1)
    const initial = (i: number, name: string): Tensor => {
      const t = ctx.optional(i);
      const s = t && batchFirst ? t.transpose(0, 1) : t;
      expect(s, name, [D, N, H]);
      return s ?? zeros([D, N, H], { dtype: x.dtype });
    };
    const h0 = initial(5, 'initial_h');
    const c0 = kind === 'LSTM' ? initial(6, 'initial_c') : h0;
    const peepholes = kind === 'LSTM' ? ctx.optional(7) : null;
    expect(peepholes, 'P', [D, 3 * H]);
    const limit = ctx.attrs.has('clip') ? ctx.attrs.float('clip') : null;
    const acts = activationsOf(ctx, kind, D);

    const ys: Tensor[] = [], hs: Tensor[] = [], cs: Tensor[] = [];
    for (let d = 0; d < D; d++) {
      const params: Params = {
        r: r.select(0, d),
        rb: b ? b.select(0, d).narrow(0, G * H, G * H) : null,
        p: peepholes ? peepholes.select(0, d) : null,
        acts: acts[d],
        clip: limit === null ? (t) => t : (t) => t.clamp(-limit, limit),
        linearBeforeReset: ctx.attrs.flag('linear_before_reset', false),
        inputForget: ctx.attrs.flag('input_forget', false),
      };
      // The input projection of every step at once: (T, N, G·H).
      const xw = linear(x, w.select(0, d), b ? b.select(0, d).narrow(0, 0, G * H) : null);
      const reverse = direction === 'reverse' || d === 1;
      let state: State = { h: h0.select(0, d), c: c0.select(0, d) };
      const out = new Array<Tensor>(T);
      for (let k = 0; k < T; k++) {
        const t = reverse ? T - 1 - k : k;
        const next = STEPS[kind](xw.select(0, t), state, params);
        if (!live) {
          state = next;
          out[t] = next.h;
        } else {
          // Past its length a sequence keeps its state and outputs zeros; reversed, it starts at its own end.
          const on = live.gt(t);
          state = { h: where(on, next.h, state.h), c: where(on, next.c, state.c) };
          out[t] = where(on, next.h, 0);
        }
      }
      ys.push(T ? stack(out, 0) : zeros([0, N, H], { dtype: x.dtype }));
      hs.push(state.h);
      cs.push(state.c);
    }
    const y = stack(ys, 1); // (T, D, N, H)
    const [yh, yc] = [stack(hs, 0), stack(cs, 0)]; // (D, N, H)
    const outs = batchFirst ? [y.permute([2, 0, 1, 3]), yh.transpose(0, 1), yc.transpose(0, 1)] : [y, yh, yc];
    return outs.slice(0, kind === 'LSTM' ? 3 : 2);
  };
}

defineOnnxOps({ RNN: recurrent('RNN'), GRU: recurrent('GRU'), LSTM: recurrent('LSTM') });
