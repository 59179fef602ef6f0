// The update rule the playground applies, as TeX lines for KaTeX: the objective (data loss of the
// task, input noise, L1/L2), a hidden layer (batch norm, dropout), the optimizer's step with its
// hyper-parameters, and the learning-rate schedule; written for the current settings.

import { taskOf, type PlaygroundSettings } from './settings.ts';

type Rule = Pick<PlaygroundSettings, 'optimizer' | 'lr' | 'l1' | 'l2' | 'dropout' | 'batchNorm' | 'inputNoise' | 'loss' | 'schedule' | 'period' | 'gamma' | 'dataset' | 'custom'>;

/** A number as TeX: 1e-8 as 10^{-8}, others as written. */
const n = (v: number): string => {
  if (v !== 0 && Math.abs(v) < 1e-3) {
    const [m, e] = v.toExponential().split('e') as [string, string];
    return m === '1' ? `10^{${Number(e)}}` : `${m}\\cdot 10^{${Number(e)}}`;
  }
  return String(Number(v.toPrecision(6)));
};

function lossLine(s: Rule): string {
  const { task } = taskOf(s);
  const yhat = task === 'binary' ? '\\sigma(z_i)' : task === 'multiclass' ? '\\operatorname{softmax}(z_i)' : 'z_i';
  const y = task === 'multiclass' ? '\\mathbf{1}_{y_i}' : 'y_i';
  const per: Record<PlaygroundSettings['loss'], string> = {
    bce: '-y_i\\log\\sigma(z_i) - (1-y_i)\\log(1-\\sigma(z_i))',
    crossEntropy: '-\\log \\operatorname{softmax}(z_i)_{y_i}',
    mse: `\\lVert ${yhat} - ${y}\\rVert^2`,
    l1: `\\lvert ${yhat} - ${y}\\rvert`,
    huber: `\\operatorname{huber}_{1}(${yhat} - ${y})`,
    smoothL1: `\\operatorname{smoothL1}_{1}(${yhat} - ${y})`,
  };
  const input = s.inputNoise > 0 ? `x_i + \\varepsilon_i,\\ \\varepsilon_i \\sim \\mathcal N(0, ${n(s.inputNoise)}^2)` : 'x_i';
  let line = `L(\\theta) = \\frac{1}{B}\\sum_{i=1}^{B} ${per[s.loss]},\\quad z_i = f_\\theta(${input})`;
  if (s.l1 > 0) line += ` + ${n(s.l1)}\\lVert w\\rVert_1`;
  if (s.l2 > 0 && s.optimizer !== 'adamw') line += ` + ${n(s.l2)}\\lVert w\\rVert_2^2`;
  return line;
}

function layerLine(s: Rule): string {
  const lin = 'W_\\ell h_{\\ell-1} + b_\\ell';
  const pre = s.batchNorm ? `\\operatorname{BN}_{\\gamma_\\ell,\\beta_\\ell}(${lin})` : lin;
  const drop = s.dropout > 0 ? ` \\odot \\frac{m_\\ell}{1 - ${n(s.dropout)}},\\ m_\\ell \\sim \\operatorname{Bernoulli}(${n(1 - s.dropout)})` : '';
  return `h_\\ell = \\phi_\\ell(${pre})${drop}`;
}

function stepLines(s: Rule): string[] {
  const g = 'g = \\nabla_\\theta L(\\theta)';
  const eta = s.schedule === 'none' ? n(s.lr) : '\\eta_t';
  switch (s.optimizer) {
    case 'sgd': return [`\\theta \\leftarrow \\theta - ${eta}\\, \\nabla_\\theta L(\\theta)`];
    case 'momentum': return [g, 'b \\leftarrow 0.9\\, b + g', `\\theta \\leftarrow \\theta - ${eta}\\, b`];
    case 'nesterov': return [g, 'b \\leftarrow 0.9\\, b + g', `\\theta \\leftarrow \\theta - ${eta}\\,(g + 0.9\\, b)`];
    case 'adam':
    case 'adamw': {
      const decay = s.optimizer === 'adamw' && s.l2 > 0 ? `\\theta \\leftarrow \\theta - ${eta} \\cdot ${n(s.l2)}\\, \\theta,\\ \\text{then}\\ ` : '';
      return [g, 'm \\leftarrow 0.9\\, m + 0.1\\, g,\\quad v \\leftarrow 0.999\\, v + 0.001\\, g^2',
        `${decay}\\theta \\leftarrow \\theta - ${eta}\\, \\frac{m / (1 - 0.9^t)}{\\sqrt{v / (1 - 0.999^t)} + 10^{-8}}`];
    }
    case 'rmsprop': return [g, 'v \\leftarrow 0.99\\, v + 0.01\\, g^2', `\\theta \\leftarrow \\theta - ${eta}\\, \\frac{g}{\\sqrt{v} + 10^{-8}}`];
    case 'adagrad': return [g, 's \\leftarrow s + g^2', `\\theta \\leftarrow \\theta - ${eta}\\, \\frac{g}{\\sqrt{s} + 10^{-10}}`];
  }
}

function scheduleLine(s: Rule): string | null {
  const lr = n(s.lr);
  switch (s.schedule) {
    case 'none': return null;
    case 'step': return `\\eta_t = ${lr} \\cdot ${n(s.gamma)}^{\\lfloor t / ${s.period} \\rfloor}`;
    case 'exponential': return `\\eta_t = ${lr} \\cdot ${n(s.gamma)}^{t / ${s.period}}`;
    case 'cosine': return `\\eta_t = ${lr} \\cdot \\tfrac{1}{2}\\left(1 + \\cos\\tfrac{\\pi t}{${s.period}}\\right)`;
  }
}

/** The TeX lines of the rule, in the order a step applies them. */
export function updateRule(s: Rule): string[] {
  const sched = scheduleLine(s);
  return [lossLine(s), layerLine(s), ...stepLines(s), ...(sched ? [sched] : [])];
}
