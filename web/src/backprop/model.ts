// The backprop visualizer's model: a 2-2-1 network built from one-number tensors with the engine,
// run forward and backward, then read back through inspectGraph as nodes, edges, a column layout
// and the arithmetic of every forward and backward step. Pure (no DOM), so Node tests can check it.

import { tensor, inspectGraph, grad as autogradGrad, type Tensor, type GraphNode } from '../../../engine/index.ts';
import { completeSettings, NUMBER_KEYS, type NumberKey, type Settings } from './settings.ts';
import { opText, fmt, product, type Operand } from './op-text.ts';
import { layout, type Band } from './layout.ts';

export interface VizNode {
  /** Stable across rebuilds: the name, or n<position in the engine's topological order>. */
  id: string;
  /** z1, h1, ŷ, L… for the nodes the network names; null for the intermediate sums and products. */
  name: string | null;
  /** What the node computes: 'z1 = w11·x1 + w12·x2 + b1', 'w11·x1', 'x1'. */
  label: string;
  /** What its box shows: the name, or the expression of an unnamed node. */
  short: string;
  /** How formulas refer to it: the name, or the expression in brackets. */
  ref: string;
  /** The engine's op ('add', 'mul', 'tanh'…), or 'leaf' for tensors made by hand. */
  op: string;
  kind: 'input' | 'parameter' | 'target' | 'operation';
  value: number;
  /** ∂L/∂node as autograd left it in .grad (retainGrad on every non-leaf); null for the target. */
  grad: number | null;
  inputs: string[];
  column: number;
  /** Vertical position in row units (fractional: a node sits between its inputs). */
  row: number;
}

export interface VizEdge {
  from: string;
  to: string;
  /** ∂to/∂from from the engine's own backward rule (autograd.grad); null where `from` needs no gradient. */
  local: number | null;
}

export interface BackwardTerm {
  /** The consumer the gradient arrives from. */
  via: string;
  upstream: number;
  local: number;
  /** The local derivative as a formula: '1', 'x1', '(1 − h1²)'. */
  localText: string;
}

export type Step =
  | { pass: 'forward'; node: string; text: string }
  | { pass: 'backward'; node: string; terms: BackwardTerm[]; grad: number; text: string; rules: string[] };

export interface BackpropModel {
  settings: Settings;
  /** In the engine's topological order (inputs before the ops that use them). */
  nodes: VizNode[];
  edges: VizEdge[];
  /** The forward steps (one per operation, in topological order), then the backward steps (reverse order). */
  steps: Step[];
  forwardSteps: number;
  bands: Band[];
  columns: number;
  rows: number;
  loss: number;
}

/** Builds the network for these settings (defaults for the rest), runs both passes and describes them. */
export function buildModel(partial: Partial<Settings> = {}): BackpropModel {
  const s = completeSettings(partial);
  const names = new Map<Tensor, string>();
  const named = (name: string, t: Tensor): Tensor => (names.set(t, name), t);
  const p = Object.fromEntries(NUMBER_KEYS.map((k) => [k, named(k, tensor(s[k], { dtype: 'float64', requiresGrad: k !== 'y' }))])) as Record<NumberKey, Tensor>;
  const act = (z: Tensor): Tensor => z[s.activation]();

  const z1 = named('z1', p.w11.mul(p.x1).add(p.w12.mul(p.x2)).add(p.b1));
  const z2 = named('z2', p.w21.mul(p.x1).add(p.w22.mul(p.x2)).add(p.b2));
  const h1 = named('h1', act(z1));
  const h2 = named('h2', act(z2));
  const out = named('ŷ', p.v1.mul(h1).add(p.v2.mul(h2)).add(p.c));
  const e = named('e', out.sub(p.y));
  const loss = named('L', e.pow(2));

  // The graph is the engine's. Constants it made from plain numbers (the exponent 2) are folded
  // into their consumer's formula rather than drawn as nodes.
  const graph = inputsFirst(inspectGraph(loss));
  const engine = new Map(graph.map((g) => [g.id, g]));
  const isConstant = (g: GraphNode): boolean => g.op === 'leaf' && !g.requiresGrad && !names.has(g.tensor);
  for (const g of graph) if (g.op !== 'leaf') g.tensor.retainGrad();
  loss.backward({ retainGraph: true });

  const viz = new Map<number, VizNode>();
  const exprs = new Map<number, Operand>(); // each node as an operand of a label: its expression
  const refs = new Map<number, Operand>(); // … of a caption: its name, or its expression
  const constant = (g: GraphNode): Operand => ({ text: fmt(g.tensor.item()), prec: 9 });
  const operands = (g: GraphNode, of: Map<number, Operand>): Operand[] => g.inputs.map((id) => of.get(id) ?? constant(engine.get(id)!));
  const nodes: VizNode[] = [];
  graph.forEach((g, i) => {
    if (isConstant(g)) return;
    const name = names.get(g.tensor) ?? null;
    const t = g.op === 'leaf' ? null : opText(g.op);
    const expr = t ? t.expr(operands(g, exprs)) : name!;
    exprs.set(g.id, { text: name ?? expr, prec: name ? 9 : t!.prec });
    refs.set(g.id, { text: name ?? expr, prec: name ? 9 : t!.prec });
    const node: VizNode = {
      id: name ?? `n${i}`,
      name,
      label: name === null || !t ? expr : `${name} = ${expr}`,
      short: name ?? expr,
      ref: name ?? `(${expr})`,
      op: g.op,
      kind: t ? 'operation' : name === 'x1' || name === 'x2' ? 'input' : name === 'y' ? 'target' : 'parameter',
      value: g.tensor.item(),
      grad: g.tensor.grad ? g.tensor.grad.item() : null,
      inputs: g.inputs.filter((id) => viz.has(id)).map((id) => viz.get(id)!.id),
      column: 0,
      row: 0,
    };
    viz.set(g.id, node);
    nodes.push(node);
  });

  // Each edge's local derivative, asked of the engine: autograd.grad(consumer, [input]).
  const edges: VizEdge[] = [];
  for (const g of graph) {
    if (g.op === 'leaf') continue;
    for (const id of new Set(g.inputs)) {
      const input = engine.get(id)!;
      if (isConstant(input)) continue;
      const local = input.requiresGrad ? autogradGrad(g.tensor, [input.tensor], { retainGraph: true })[0]!.item() : null;
      edges.push({ from: viz.get(id)!.id, to: viz.get(g.id)!.id, local });
    }
  }

  const steps: Step[] = [];
  for (const g of graph) {
    if (g.op === 'leaf') continue;
    const n = viz.get(g.id)!;
    const t = opText(g.op);
    const withRefs = t.expr(operands(g, refs), true);
    // A negative number binds like a sum, so a product or power brackets it: 0.5 × (−1), (−0.3)².
    const values = g.inputs.map((id) => engine.get(id)!.tensor.item()).map((v) => ({ text: fmt(v), prec: v < 0 ? 0 : 9 }));
    const head = n.name ?? n.short;
    steps.push({ pass: 'forward', node: n.id, text: `${head}${withRefs === head ? '' : ` = ${withRefs}`} = ${t.expr(values).replaceAll('·', ' × ')} = ${fmt(n.value)}` });
  }
  const forwardSteps = steps.length;
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const operandsOf = new Map(graph.filter((g) => viz.has(g.id)).map((g) => [viz.get(g.id)!.id, { g, xs: operands(g, refs) }]));
  for (const n of [...nodes].reverse()) {
    if (n.grad === null) continue;
    const d = (x: VizNode): string => `∂L/∂${x.ref}`;
    const out = edges.filter((e) => e.from === n.id);
    if (out.length === 0) {
      steps.push({ pass: 'backward', node: n.id, terms: [], grad: n.grad, text: `${d(n)} = ${fmt(n.grad)}`, rules: ['the loss moves one for one with itself, so the backward pass starts from 1'] });
      continue;
    }
    const terms: BackwardTerm[] = out.map((e) => {
      const c = byId.get(e.to)!;
      const { g, xs } = operandsOf.get(c.id)!;
      const i = g.inputs.findIndex((id) => viz.get(id)?.id === n.id);
      return { via: c.id, upstream: c.grad!, local: e.local!, localText: opText(c.op).local(i, xs, c.name ?? c.ref) };
    });
    const symbolic = terms.map((t) => `${d(byId.get(t.via)!)} · ${t.localText}`).join(' + ');
    const numeric = terms.map((t) => product(t.upstream, t.local)).join(' + ');
    const rules = [...new Set(terms.map((t) => opText(byId.get(t.via)!.op).rule))];
    steps.push({ pass: 'backward', node: n.id, terms, grad: n.grad, text: `${d(n)} = ${symbolic} = ${numeric} = ${fmt(n.grad)}`, rules });
  }

  const { columns, rows, bands } = layout(nodes, { hidden: 'h1', output: 'ŷ', loss: 'L' });
  return { settings: s, nodes, edges, steps, forwardSteps, bands, columns, rows, loss: loss.item() };
}

/**
 * The engine's graph in the order a person would compute it: a depth-first walk back from the loss
 * that visits each op's inputs left to right (inspectGraph walks them right to left), so unit 1
 * comes before unit 2. Any such walk lists every input before the ops that use it.
 */
function inputsFirst(graph: GraphNode[]): GraphNode[] {
  const byId = new Map(graph.map((g) => [g.id, g]));
  const order: GraphNode[] = [];
  const seen = new Set<number>();
  const stack: Array<[GraphNode, boolean]> = [[graph[graph.length - 1]!, false]];
  while (stack.length) {
    const [g, ready] = stack.pop()!;
    if (ready) {
      order.push(g);
      continue;
    }
    if (seen.has(g.id)) continue;
    seen.add(g.id);
    stack.push([g, true]);
    for (const id of [...g.inputs].reverse()) if (!seen.has(id)) stack.push([byId.get(id)!, false]);
  }
  return order;
}

/** What is on screen after `done` steps: which values and gradients have been computed so far. */
export function shownAt(model: BackpropModel, done: number): { value: Set<string>; grad: Set<string> } {
  const value = new Set(model.nodes.filter((n) => n.op === 'leaf').map((n) => n.id));
  const grad = new Set<string>();
  for (const s of model.steps.slice(0, done)) (s.pass === 'forward' ? value : grad).add(s.node);
  return { value, grad };
}
