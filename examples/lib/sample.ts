// Drawing the next character from a language model's logits, with a temperature. Shared by the
// two character-level examples.

import { rand, type Tensor } from '../../engine/index.ts';

/**
 * Index drawn from softmax(logits / temperature), logits of shape (V). Low temperatures sharpen
 * the distribution toward the likeliest character; temperature → 0 is argmax, 1 the model as is.
 * The draw uses the engine's seeded RNG, so a seed fixes the sample.
 */
export function sampleIndex(logits: Tensor, temperature: number): number {
  const probs = logits.div(Math.max(temperature, 1e-6)).softmax(-1).toTypedArray();
  let u = rand([]).item();
  for (let i = 0; i < probs.length; i++) {
    u -= probs[i];
    if (u <= 0) return i;
  }
  return probs.length - 1; // rounding left a sliver of mass
}
