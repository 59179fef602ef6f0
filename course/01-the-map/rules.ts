// The hand-written rule baseline: an if/else tree over the features of features.ts whose structure
// (which question to ask, which digits go which way) is written by hand, and whose thresholds a
// grid search picks on the training images. No weights, no gradients.

import { type DigitFeatures, type FeatureName } from './features.ts';

/** A leaf is a digit; a question sends an image `below` when feature < threshold, else `above`. */
export type RuleNode = number | { feature: FeatureName; threshold: number; fixed?: boolean; below: RuleNode; above: RuleNode; why: string };

const q = (feature: FeatureName, below: RuleNode, above: RuleNode, why: string, threshold = 0.5): RuleNode => ({ feature, threshold, below, above, why });

/**
 * The rules, as a person would write them after looking at digits. The holes splits are exact
 * counts (fixed); every other threshold starts at 0.5 and is picked by `tuneRules`.
 */
export function handWrittenRules(): RuleNode {
  const noHole = q('aspect',
    1,
    q('bottom',
      // Little ink at the bottom: 4, 7 or an open 9.
      q('top',
        4,
        q('midLeft', 7, 9, '7 has almost no ink on the middle left; 9 has its (open) loop there'),
        '7 and 9 carry their weight at the top, 4 in the middle'),
      q('crossH',
        q('top',
          6,
          q('upLeft',
            q('lowLeft', 3, 2, '2 has its base stroke on the lower left; 3 is open there'),
            q('midLeft', 3, 5, '5 bends back on the middle left; 3 stays open there'),
            '2 and 3 leave the upper left nearly empty; 5 draws its stem there'),
          'an open 6 has little ink in its top third'),
        0,
        'an open 0 crosses the middle row twice'),
      '4, 7 and 9 end in a single stroke, so their bottom third is light'),
    '1 is tall and narrow');
  const oneHole = q('holeY',
    q('midLeft', 9, 4, 'a closed 4 has its crossbar on the middle left'),
    q('holeY',
      q('holeArea', 8, 0, '0 is one big loop; an 8 with one loop closed has a smaller hole'),
      q('top', 6, q('midLeft', 2, 8, '2’s loop sits at the bottom with an empty middle left'), '6 has a light top third'),
      'a hole in the bottom part: 6, a looped 2, or an 8'),
    'a hole in the top part: 9 or a closed 4');
  return {
    feature: 'holes', threshold: 1, fixed: true, why: 'count the loops',
    below: noHole,
    above: { feature: 'holes', threshold: 2, fixed: true, why: 'two loops: 8', below: oneHole, above: 8 },
  };
}

export function classify(node: RuleNode, f: DigitFeatures): number {
  while (typeof node !== 'number') node = f[node.feature] < node.threshold ? node.below : node.above;
  return node;
}

/** Every tunable question in the tree, depth first. */
function questions(node: RuleNode, out: Array<Exclude<RuleNode, number>> = []): Array<Exclude<RuleNode, number>> {
  if (typeof node === 'number') return out;
  if (!node.fixed) out.push(node);
  questions(node.below, out);
  questions(node.above, out);
  return out;
}

/** Does the path of an image with features `f` pass through `target`? */
function reaches(root: RuleNode, target: RuleNode, f: DigitFeatures): boolean {
  let node = root;
  while (typeof node !== 'number') {
    if (node === target) return true;
    node = f[node.feature] < node.threshold ? node.below : node.above;
  }
  return false;
}

/**
 * Coordinate-wise grid search: for each question in turn, try `gridPoints` thresholds (quantiles
 * of that feature over the training images that reach the question) and keep the one with the best
 * training accuracy of the whole tree; repeat for `passes` sweeps. Mutates and returns the tree.
 */
export function tuneRules(root: RuleNode, feats: readonly DigitFeatures[], labels: ArrayLike<number>, gridPoints = 24, passes = 3): RuleNode {
  const nodes = questions(root);
  const candidatesAt = (n: Exclude<RuleNode, number>, rows: number[]): number[] => {
    const values = rows.map((i) => feats[i]![n.feature]).sort((a, b) => a - b);
    if (!values.length) return [];
    const grid = new Set<number>();
    for (let k = 0; k <= gridPoints; k++) grid.add(values[Math.min(values.length - 1, Math.floor((k / gridPoints) * values.length))]!);
    const sorted = [...grid].sort((a, b) => a - b);
    return sorted.slice(1).map((v, k) => (v + sorted[k]!) / 2); // midpoints: a threshold never sits on a value
  };
  const all = feats.map((_, i) => i);
  const reaching = (n: Exclude<RuleNode, number>) => all.filter((i) => reaches(root, n, feats[i]!));

  // Start top-down: each question's threshold best sends the images reaching it toward a side
  // whose leaves include their digit (the split the rule's author meant).
  for (const n of nodes) {
    const below = leaves(n.below), above = leaves(n.above);
    const rows = reaching(n).filter((i) => below.has(labels[i]!) !== above.has(labels[i]!));
    let bestRouted = -1;
    for (const t of candidatesAt(n, rows)) {
      let routed = 0;
      for (const i of rows) if ((feats[i]![n.feature] < t ? below : above).has(labels[i]!)) routed++;
      if (routed > bestRouted) { bestRouted = routed; n.threshold = t; }
    }
  }
  // Then refine: one threshold at a time, keep what raises the whole tree's training accuracy.
  for (let pass = 0; pass < passes; pass++) {
    for (const n of nodes) {
      // Only the images reaching this question can change their answer.
      const rows = reaching(n);
      const rightAt = () => rows.reduce((k, i) => k + (classify(n, feats[i]!) === labels[i] ? 1 : 0), 0);
      let bestRight = rightAt();
      for (const t of candidatesAt(n, rows)) {
        const old = n.threshold;
        n.threshold = t;
        const right = rightAt();
        if (right > bestRight) bestRight = right;
        else n.threshold = old;
      }
    }
  }
  return root;
}

/** The digits a subtree can answer. */
function leaves(node: RuleNode, out = new Set<number>()): Set<number> {
  if (typeof node === 'number') out.add(node);
  else { leaves(node.below, out); leaves(node.above, out); }
  return out;
}

/** The tree as indented if/else text, thresholds rounded: what the lesson prints. */
export function rulesToText(node: RuleNode, indent = ''): string {
  if (typeof node === 'number') return `${indent}→ ${node}\n`;
  const t = Number.isInteger(node.threshold) ? String(node.threshold) : node.threshold.toFixed(3);
  return `${indent}if ${node.feature} < ${t}:   # ${node.why}\n${rulesToText(node.below, indent + '  ')}${indent}else:\n${rulesToText(node.above, indent + '  ')}`;
}

export const countQuestions = (node: RuleNode): number => questions(node).length;
