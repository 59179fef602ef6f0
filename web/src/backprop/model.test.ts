// The backprop visualizer's model against an independent plain-number forward pass: its values,
// autograd's gradients and central finite differences agree; every step's arithmetic adds up; the
// step order is a valid topological order; edits rebuild it; bad edits are refused by name.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../../engine/index.ts';
import { buildModel, shownAt, type BackpropModel, type VizNode } from './model.ts';
import { DEFAULT_SETTINGS, NUMBER_KEYS, ACTIVATIONS, withSetting, readQuery, writeQuery, type Settings } from './settings.ts';
import { fmt } from './op-text.ts';

const ACT = { tanh: Math.tanh, sigmoid: (z: number) => 1 / (1 + Math.exp(-z)), relu: (z: number) => Math.max(0, z) };

/** The same network written out by hand with plain numbers: the oracle. */
function forward(s: Settings) {
  const f = ACT[s.activation];
  const z1 = s.w11 * s.x1 + s.w12 * s.x2 + s.b1;
  const z2 = s.w21 * s.x1 + s.w22 * s.x2 + s.b2;
  const h1 = f(z1), h2 = f(z2);
  const yhat = s.v1 * h1 + s.v2 * h2 + s.c;
  return { z1, z2, h1, h2, yhat, e: yhat - s.y, L: (yhat - s.y) ** 2 };
}

const node = (m: BackpropModel, id: string): VizNode => {
  const n = m.nodes.find((x) => x.id === id);
  assert.ok(n, `no node '${id}' in ${m.nodes.map((x) => x.id).join(', ')}`);
  return n;
};
const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('the default network: values by hand, the caption of ∂L/∂z1 worked out on paper', () => {
  const m = buildModel();
  // z1 = 0.8·0.5 + (−0.4)(−1) + 0.1 = 0.9;  z2 = −0.6·0.5 + 0.3·(−1) + 0.2 = −0.4
  close(node(m, 'z1').value, 0.9, 1e-15, 'z1');
  close(node(m, 'z2').value, -0.4, 1e-15, 'z2');
  const ref = forward(DEFAULT_SETTINGS);
  for (const k of ['h1', 'h2', 'ŷ', 'e', 'L'] as const) close(node(m, k).value, ref[k === 'ŷ' ? 'yhat' : k], 1e-15, k);
  close(m.loss, ref.L, 1e-15, 'loss');
  // ∂L/∂h1 = 2e·v1 = 2(0.17553)(1.2) = 0.4213; tanh′(0.9) = 1 − 0.71630² = 0.4869; product 0.2051.
  const z1Step = m.steps.find((s) => s.pass === 'backward' && s.node === 'z1')!;
  assert.equal(z1Step.text, '∂L/∂z1 = ∂L/∂h1 · (1 − h1²) = 0.421 × 0.487 = 0.205');
  assert.equal(m.steps.find((s) => s.pass === 'forward' && s.node === 'z1')!.text, 'z1 = (w11·x1 + w12·x2) + b1 = 0.8 + 0.1 = 0.9');
  assert.equal(node(m, 'z1').label, 'z1 = w11·x1 + w12·x2 + b1');
  assert.equal(node(m, 'L').label, 'L = e²');
  assert.equal(m.steps.find((s) => s.pass === 'backward' && s.node === 'x1')!.text,
    '∂L/∂x1 = ∂L/∂(w11·x1) · w11 + ∂L/∂(w21·x1) · w21 = 0.205 × 0.8 + (−0.21) × (−0.6) = 0.29');
});

for (const activation of ACTIVATIONS) {
  test(`${activation}: every gradient autograd reports matches a central finite difference of the hand-written loss`, () => {
    const s = { ...DEFAULT_SETTINGS, activation };
    const m = buildModel(s);
    const h = 1e-6;
    for (const k of NUMBER_KEYS) {
      const n = node(m, k);
      if (k === 'y') {
        assert.equal(n.grad, null, 'the target needs no gradient');
        continue;
      }
      const fd = (forward({ ...s, [k]: s[k] + h }).L - forward({ ...s, [k]: s[k] - h }).L) / (2 * h);
      close(n.grad!, fd, 1e-8, `∂L/∂${k}`);
    }
    // Inner nodes, by the chain rule written out: ∂L/∂ŷ = 2e, ∂L/∂h1 = 2e·v1, ∂L/∂z1 = 2e·v1·f′(z1).
    const r = forward(s);
    const dz = (z: number, hv: number) => (activation === 'tanh' ? 1 - hv * hv : activation === 'sigmoid' ? hv * (1 - hv) : z > 0 ? 1 : 0);
    close(node(m, 'ŷ').grad!, 2 * r.e, 1e-14, '∂L/∂ŷ');
    close(node(m, 'h1').grad!, 2 * r.e * s.v1, 1e-14, '∂L/∂h1');
    close(node(m, 'z2').grad!, 2 * r.e * s.v2 * dz(r.z2, r.h2), 1e-14, '∂L/∂z2');
    close(node(m, 'L').grad!, 1, 0, '∂L/∂L');
  });
}

test('every backward step adds up: Σ upstream × local derivative is the gradient autograd left in .grad', () => {
  for (const activation of ACTIVATIONS) {
    const m = buildModel({ activation, w12: 1.3, x2: 0.7 });
    const back = m.steps.filter((s) => s.pass === 'backward');
    for (const s of back) {
      const n = node(m, s.node);
      assert.equal(s.grad, n.grad);
      if (s.terms.length === 0) continue;
      const sum = s.terms.reduce((a, t) => a + t.upstream * t.local, 0);
      close(sum, n.grad!, 1e-14, `${activation} ${n.label}`);
      for (const t of s.terms) assert.equal(t.upstream, node(m, t.via).grad);
    }
    // Local derivatives from the engine equal the rules: tanh′ = 1 − h², σ′ = h(1 − h), relu′ = [z > 0], ∂(ab)/∂a = b.
    const h1 = node(m, 'h1').value, z1 = node(m, 'z1').value;
    const local = (from: string, to: string) => m.edges.find((e) => e.from === from && e.to === to)!.local!;
    close(local('z1', 'h1'), { tanh: 1 - h1 * h1, sigmoid: h1 * (1 - h1), relu: z1 > 0 ? 1 : 0 }[activation], 1e-15, `${activation}′`);
    const prod = m.nodes.find((n) => n.label === 'w11·x1')!;
    assert.equal(local('w11', prod.id), m.settings.x1);
    assert.equal(local('x1', prod.id), m.settings.w11);
    assert.equal(local('ŷ', 'e'), 1);
    assert.equal(m.edges.find((e) => e.from === 'y')!.local, null);
  }
});

test('the steps: forward in a topological order, then backward in reverse, each node once', () => {
  const m = buildModel();
  const ops = m.nodes.filter((n) => n.op !== 'leaf');
  assert.equal(m.forwardSteps, ops.length);
  assert.equal(ops.length, 16, '2·(2 mul + 2 add + tanh) + 2 mul + 2 add + sub + pow');
  assert.equal(m.steps.length, 43, '16 forward, 27 backward (every node but the target)');
  assert.deepEqual(m.steps.slice(0, m.forwardSteps).map((s) => s.pass), ops.map(() => 'forward'));
  const computed = new Set(m.nodes.filter((n) => n.op === 'leaf').map((n) => n.id));
  for (const s of m.steps.slice(0, m.forwardSteps)) {
    for (const i of node(m, s.node).inputs) assert.ok(computed.has(i), `${s.node} is computed before its input ${i}`);
    assert.ok(!computed.has(s.node), `${s.node} computed twice`);
    computed.add(s.node);
  }
  const back = m.steps.slice(m.forwardSteps);
  assert.ok(back.every((s) => s.pass === 'backward'));
  assert.equal(back[0]!.node, 'L');
  assert.equal(back.length, m.nodes.filter((n) => n.grad !== null).length);
  const done = new Set<string>();
  for (const s of back) {
    const consumers = m.edges.filter((e) => e.from === s.node).map((e) => e.to);
    for (const c of consumers) assert.ok(done.has(c), `∂L/∂${s.node} before its consumer ${c}'s gradient is complete`);
    done.add(s.node);
  }
  const start = shownAt(m, 0), mid = shownAt(m, m.forwardSteps), end = shownAt(m, m.steps.length);
  assert.equal(start.value.size, 12);
  assert.equal(mid.value.size, m.nodes.length);
  assert.equal(mid.grad.size, 0);
  assert.equal(end.grad.size, back.length);
});

test('the layout: every edge runs left to right, nodes of a column a row apart', () => {
  const m = buildModel();
  for (const e of m.edges) assert.ok(node(m, e.from).column < node(m, e.to).column, `${e.from} → ${e.to}`);
  for (let c = 0; c < m.columns; c++) {
    const rows = m.nodes.filter((n) => n.column === c).map((n) => n.row).sort((a, b) => a - b);
    for (let i = 1; i < rows.length; i++) assert.ok(rows[i]! - rows[i - 1]! >= 1, `column ${c}: rows ${rows}`);
  }
  assert.equal(node(m, 'L').column, m.columns - 1);
  assert.deepEqual(m.bands.map((b) => b.title), ['Inputs', 'Hidden layer', 'Output', 'Loss']);
});

test('an edit rebuilds the network with the new number', () => {
  const before = buildModel();
  const after = buildModel(withSetting(before.settings, 'w11', '1.5'));
  close(node(after, 'z1').value - node(before, 'z1').value, 0.7 * 0.5, 1e-15, 'z1 moves by Δw11·x1');
  assert.notEqual(after.loss, before.loss);
  close(after.loss, forward({ ...DEFAULT_SETTINGS, w11: 1.5 }).L, 1e-15, 'loss');
  const sig = buildModel({ activation: 'sigmoid' });
  assert.equal(node(sig, 'h1').label, 'h1 = σ(z1)');
  close(node(sig, 'h1').value, 1 / (1 + Math.exp(-0.9)), 1e-15, 'σ(0.9)');
});

test('bad edits are refused with the field and the reason', () => {
  const s = DEFAULT_SETTINGS;
  assert.throws(() => withSetting(s, 'w11', NaN), (e: Error) => e instanceof ValueError && /w11 must be a finite number, got NaN/.test(e.message));
  assert.throws(() => withSetting(s, 'x1', 'abc'), /x1 must be a finite number, got 'abc'/);
  assert.throws(() => withSetting(s, 'x1', ''), /x1 must be a finite number/);
  assert.throws(() => withSetting(s, 'b2', 12), /b2 must be between −10 and 10, got 12/);
  assert.throws(() => withSetting(s, 'w99', 1), (e: Error) => e instanceof ValueError && /unknown setting 'w99'; settings: x1, x2, w11/.test(e.message));
  assert.throws(() => withSetting(s, 'activation', 'gelu'), /activation must be one of tanh, sigmoid, relu, got "gelu"/);
  assert.throws(() => buildModel({ z1: 3 } as never), /unknown setting 'z1'/);
  assert.throws(() => buildModel({ v1: Infinity }), /v1 must be a finite number, got Infinity/);
});

test('the URL keeps what differs from the defaults and the step; bad values are named and ignored', () => {
  const s = { ...DEFAULT_SETTINGS, w11: -1.25, activation: 'relu' as const };
  const q = writeQuery(s, 20);
  assert.equal(q.toString(), 'w11=-1.25&activation=relu&step=20');
  assert.deepEqual(readQuery(q, 43), { settings: s, step: 20, problems: [] });
  assert.equal(writeQuery(DEFAULT_SETTINGS, 0).toString(), '');
  const bad = readQuery(new URLSearchParams('x1=abc&step=99&w0=1&x2=0.25'), 43);
  assert.deepEqual(bad.settings, { ...DEFAULT_SETTINGS, x2: 0.25 });
  assert.equal(bad.step, 0);
  assert.deepEqual(bad.problems, [
    "x1 must be a finite number, got 'abc'",
    "step '99' must be a whole number from 0 to 43",
    "unknown setting 'w0'; settings: x1, x2, w11, w12, b1, w21, w22, b2, v1, v2, c, y, activation",
  ]);
});

test('numbers are written with three decimals at most and a true minus sign', () => {
  assert.deepEqual([0.9, -0.4, 1, 0.20512, -0.0001234, 0, 12.5].map(fmt), ['0.9', '−0.4', '1', '0.205', '−1.2e−4', '0', '12.5']);
});
