// The statements lesson.md makes about repairing a frozen model, checked on the quick variant. The
// black boxes are the same on every seed; a seed draws the test and calibration digits and every
// random shift. Floors are computed, not assumed: the box's own accuracy on the shifted digits and
// on clean digits. Bands come from a sweep of 30 seeds (ranges quoted in lesson.md), with room.

import { fmt, mean, metric, type Claim, type ClaimVerdict, type ExperimentResult } from '../kit/index.ts';

const seeds = [1, 2, 3] as const;

/** Every condition must hold on every seed; the failed ones are named first, then each shown key's per-seed values. */
function verdict(
  results: readonly ExperimentResult[], runSeeds: readonly number[], conditions: Record<string, (m: (key: string) => number) => boolean>,
  value: number, expected: string, shown: Record<string, (m: (key: string) => number) => number>,
): ClaimVerdict {
  const failed = Object.entries(conditions).filter(([, ok]) => !results.every((r) => ok((k) => metric(r, k)))).map(([name]) => name);
  const detail = Object.entries(shown).map(([label, f]) => `${label}: ${results.map((r, i) => `seed ${runSeeds[i]}: ${fmt(f((k) => metric(r, k)))}`).join(', ')}`).join('; ');
  return { passed: failed.length === 0, value, expected, detail: (failed.length ? `FAILED: ${failed.join(', ')}. ` : '') + detail };
}

const worst = (results: readonly ExperimentResult[], f: (m: (key: string) => number) => number, pick: (...xs: number[]) => number) =>
  pick(...results.map((r) => f((k) => metric(r, k))));
const pts = (key: string) => (m: (key: string) => number) => 100 * m(key);

export const claims: Claim[] = [
  {
    id: 'centering-undoes-translation',
    text: 'Moving every digit 4 pixels drops the MLP by more than 50 points, and centering by centre of mass wins back at least 90% of what was lost, on every seed.',
    experiment: 'repair-shop',
    seeds,
    check(results, runSeeds = seeds) {
      const closed = (m: (k: string) => number) => m('mlp.translate.center.gapClosed');
      return verdict(results, runSeeds, {
        'the shift costs > 50 points': (m) => m('mlp.clean.none') - m('mlp.translate.none') > 0.5,
        'centering closes ≥ 90% of the gap': (m) => closed(m) >= 0.9,
      }, worst(results, closed, Math.min), 'clean − translated > 50 pts and gap closed by centering ≥ 0.9 on every seed (value: smallest share closed)', {
        'clean (%)': pts('mlp.clean.none'), 'translated (%)': pts('mlp.translate.none'), 'centred (%)': pts('mlp.translate.center'),
      });
    },
  },
  {
    id: 'rotation-tta-beats-deskew',
    text: 'On digits turned 30°, averaging the MLP over 9 rotated copies (span chosen on calibration digits) closes at least half of the gap to clean accuracy and beats deskewing by at least 8 points, on every seed.',
    experiment: 'repair-shop',
    seeds,
    check(results, runSeeds = seeds) {
      const lead = (m: (k: string) => number) => m('mlp.rotate.tta-rotate') - m('mlp.rotate.deskew');
      return verdict(results, runSeeds, {
        'TTA closes ≥ half the gap': (m) => m('mlp.rotate.tta-rotate.gapClosed') >= 0.5,
        'TTA ≥ 8 pts above deskewing': (m) => lead(m) >= 0.08,
      }, 100 * worst(results, lead, Math.min), 'gap closed ≥ 0.5 and TTA − deskew ≥ 8 pts on every seed (value: smallest lead, points)', {
        'rotated (%)': pts('mlp.rotate.none'), 'deskewed (%)': pts('mlp.rotate.deskew'), 'rotation TTA (%)': pts('mlp.rotate.tta-rotate'), 'span (°)': (m) => m('tta.rotateSpanDeg'),
      });
    },
  },
  {
    id: 'fixes-cost-elsewhere',
    text: 'A fix tuned for one shift costs accuracy where that shift is absent: the rotation TTA lowers clean accuracy by at least 2 points on average over the seeds, and centering lowers accuracy on noisy digits on every seed.',
    experiment: 'repair-shop',
    seeds,
    check(results, runSeeds = seeds) {
      const cost = mean(results.map((r) => 100 * (metric(r, 'mlp.clean.none') - metric(r, 'mlp.clean.tta-rotate'))));
      return verdict(results, runSeeds, {
        'rotation TTA costs ≥ 2 pts on clean digits, on average': () => cost >= 2,
        'centering costs on noisy digits': (m) => m('mlp.noise.center') < m('mlp.noise.none'),
      }, cost, 'mean of clean − clean with rotation TTA ≥ 2 pts, and noisy centred < noisy on every seed (value: mean clean cost, points)', {
        'clean (%)': pts('mlp.clean.none'), 'clean with rotation TTA (%)': pts('mlp.clean.tta-rotate'), 'noisy (%)': pts('mlp.noise.none'), 'noisy centred (%)': pts('mlp.noise.center'),
      });
    },
  },
  {
    id: 'temperature-fixes-confidence',
    text: 'On translated digits a temperature fitted on shifted calibration digits cuts the MLP’s NLL by at least 30% and its ECE below 0.12, while a temperature fitted on clean digits leaves at least 0.5 nat more NLL, on every seed.',
    experiment: 'repair-shop',
    seeds,
    check(results, runSeeds = seeds) {
      const cut = (m: (k: string) => number) => 1 - m('temp.translate.nll.after') / m('temp.translate.nll.before');
      return verdict(results, runSeeds, {
        'NLL cut ≥ 30%': (m) => cut(m) >= 0.3,
        'ECE after < 0.12': (m) => m('temp.translate.ece.after') < 0.12,
        'clean-fitted T ≥ 0.5 nat worse': (m) => m('temp.translate.nll.cleanT') - m('temp.translate.nll.after') >= 0.5,
      }, worst(results, cut, Math.min), 'NLL cut ≥ 0.3, ECE < 0.12, clean-T NLL − shifted-T NLL ≥ 0.5 nat, every seed (value: smallest cut)', {
        'T': (m) => m('temp.translate.T'), 'NLL before': (m) => m('temp.translate.nll.before'), 'NLL after': (m) => m('temp.translate.nll.after'),
        'NLL, clean T': (m) => m('temp.translate.nll.cleanT'), 'ECE before': (m) => m('temp.translate.ece.before'), 'ECE after': (m) => m('temp.translate.ece.after'),
      });
    },
  },
  {
    id: 'entropy-flags-shift',
    text: 'Without any labels, the MLP’s mean prediction entropy on each shifted set is at least 3 times its entropy on clean digits, on every seed.',
    experiment: 'repair-shop',
    seeds,
    check(results, runSeeds = seeds) {
      const ratio = (m: (k: string) => number) => Math.min(m('mlp.translate.entropy'), m('mlp.rotate.entropy'), m('mlp.noise.entropy')) / m('mlp.clean.entropy');
      return verdict(results, runSeeds, { 'every shift ≥ 3× clean entropy': (m) => ratio(m) >= 3 }, worst(results, ratio, Math.min), 'smallest shifted entropy ÷ clean entropy ≥ 3 on every seed (value: smallest ratio)', {
        'clean': (m) => m('mlp.clean.entropy'), 'translated': (m) => m('mlp.translate.entropy'), 'rotated': (m) => m('mlp.rotate.entropy'), 'noisy': (m) => m('mlp.noise.entropy'),
      });
    },
  },
  {
    id: 'learned-pose-is-local',
    text: 'A pose learned through the MLP’s input gradient from no change wins back less than 20% of what centering wins on translated digits, while started from the centred pose it stays within 5 points of centering, on every seed.',
    experiment: 'repair-shop',
    seeds,
    check(results, runSeeds = seeds) {
      const share = (m: (k: string) => number) => m('mlp.translate.learnedFromIdentity.shareOfCentering');
      return verdict(results, runSeeds, {
        'from identity < 20% of centering’s gain': (m) => share(m) < 0.2,
        'from the centred pose within 5 pts of centering': (m) => Math.abs(m('mlp.translate.learned') - m('mlp.translate.center.learnSubset')) <= 0.05,
      }, worst(results, share, Math.max), 'share of centering’s gain < 0.2 and |learned from centre − centred| ≤ 5 pts, every seed (value: largest share)', {
        'translated (%)': pts('mlp.translate.none.learnSubset'), 'learned from identity (%)': pts('mlp.translate.learnedFromIdentity'),
        'centred (%)': pts('mlp.translate.center.learnSubset'), 'learned from centre (%)': pts('mlp.translate.learned'),
      });
    },
  },
  {
    id: 'second-box-helps-when-comparable',
    text: 'Averaging the MLP with the CNN beats the better of the two on noisy digits, where both err about equally, on average over the seeds, but loses to the CNN alone on translated digits, where the MLP is far worse, on every seed.',
    experiment: 'repair-shop',
    seeds,
    check(results, runSeeds = seeds) {
      const lead = mean(results.map((r) => 100 * metric(r, 'ensemble.noise.none.overBetter')));
      return verdict(results, runSeeds, {
        'average > better box on noisy digits, on average': () => lead > 0,
        'average < CNN on translated digits': (m) => m('ensemble.translate.none') < m('cnn.translate.none'),
      }, lead, 'mean of (average − better box) on noisy digits > 0 pts, and average < CNN on translated digits on every seed (value: mean noisy lead, points)', {
        'noisy: average − better box (pts)': (m) => 100 * m('ensemble.noise.none.overBetter'),
        'translated: CNN − average (pts)': (m) => 100 * (m('cnn.translate.none') - m('ensemble.translate.none')),
      });
    },
  },
];
