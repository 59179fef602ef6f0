// The update rule the playground applies, written out for the current settings: the optimizer's
// step, with the penalty terms in the gradient only when L1 or L2 is on (AdamW decays on its own).

import type { PlaygroundSettings } from './settings.ts';

/** Steps as the engine's optimizers take them (momentum 0.9, Adam β = (0.9, 0.999), RMSprop α = 0.99). */
export function updateRule(s: Pick<PlaygroundSettings, 'optimizer' | 'l1' | 'l2'>): string {
  const terms = ['∇L(θ)'];
  if (s.l1 > 0) terms.push('λ₁ sign(w)');
  if (s.l2 > 0 && s.optimizer !== 'adamw') terms.push('2λ₂ w');
  const grad = terms.length > 1 ? `(${terms.join(' + ')})` : terms[0]!;
  if (s.optimizer === 'sgd') return `θ ← θ − η ${grad}`;
  const g = terms.length > 1 ? `g = ${terms.join(' + ')}; ` : 'g = ∇L(θ); ';
  switch (s.optimizer) {
    case 'momentum': return `${g}b ← 0.9 b + g; θ ← θ − η b`;
    case 'nesterov': return `${g}b ← 0.9 b + g; θ ← θ − η (g + 0.9 b)`;
    case 'adam': return `${g}m ← β₁m + (1 − β₁) g; v ← β₂v + (1 − β₂) g²; θ ← θ − η m̂ / (√v̂ + ε)`;
    case 'adamw': return `${g}m ← β₁m + (1 − β₁) g; v ← β₂v + (1 − β₂) g²; θ ← θ − η m̂ / (√v̂ + ε)${s.l2 > 0 ? ' − η λ₂ w' : ''}`;
    case 'rmsprop': return `${g}v ← 0.99 v + 0.01 g²; θ ← θ − η g / (√v + ε)`;
    case 'adagrad': return `${g}s ← s + g²; θ ← θ − η g / (√s + ε)`;
  }
}
