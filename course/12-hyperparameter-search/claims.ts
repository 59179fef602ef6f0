// The statements lesson.md makes about the search race, checked on the quick variant. Every number
// is an exact expectation for one seed's table of trials (grid over its placements, random search by
// order statistics, Bayesian search over restarts); seeds differ in split, initial weights and batch
// order. Bands come from a sweep of 30 seeds (ranges quoted in lesson.md), set with room to spare.

import { fmt, mean, metric, metricPerRun, type Claim, type ClaimVerdict, type ExperimentResult } from '../kit/index.ts';

const seeds = [1, 2, 3] as const;
/** Points of validation error (a metric of 0.0063 is 0.63 points). */
const PT = 0.01;

/** Every condition must hold; the failed ones are named first in the detail line, then each key's per-seed values. */
function verdict(
  results: readonly ExperimentResult[], runSeeds: readonly number[], conditions: Record<string, boolean>,
  value: number, expected: string, shown: Record<string, (r: ExperimentResult) => number>,
): ClaimVerdict {
  const failed = Object.entries(conditions).filter(([, ok]) => !ok).map(([name]) => name);
  const detail = Object.entries(shown).map(([label, f]) => `${label}: ${results.map((r, i) => `seed ${runSeeds[i]}: ${fmt(f(r))}`).join(', ')}`).join('; ');
  return { passed: failed.length === 0, value, expected, detail: (failed.length ? `FAILED: ${failed.join(', ')}. ` : '') + detail };
}

/** A metric in points (×100), for detail lines. */
const pts = (key: string) => (r: ExperimentResult) => metric(r, key) / PT;
const every = (results: readonly ExperimentResult[], ok: (m: (key: string) => number) => boolean) => results.every((r) => ok((key) => metric(r, key)));

export const claims: Claim[] = [
  {
    id: 'random-beats-grid-one-axis',
    text: 'Where weight decay barely matters (10⁻⁶ to 10⁻⁴), random search’s expected best of 9 trials is lower than the 3×3 grid’s best, averaged over the grid’s placements, by at least 0.1 points of validation error on average over the seeds (the 30-seed sweep: ahead on every seed, by 0.12–1.5 points).',
    experiment: 'search-race',
    seeds,
    check(results, runSeeds = seeds) {
      const lead = mean(metricPerRun(results, 'A.randomLead')) / PT;
      return verdict(results, runSeeds, { 'mean lead ≥ 0.1 pts': lead >= 0.1 }, lead, 'mean of (grid − random) ≥ 0.1 pts (value: mean lead in points)', {
        'lead (pts)': pts('A.randomLead'), 'grid (%)': pts('A.grid'), 'random (%)': pts('A.random9'),
      });
    },
  },
  {
    id: 'unimportant-axis-trials-wasted',
    text: 'On that space the grid’s six trials at the other two weight decays lower its best by less than 2 points compared with its three trials at decay 10⁻⁵ alone, and random search’s 9 trials beat those three grid trials by at least 0.15 points, on every seed.',
    experiment: 'search-race',
    seeds,
    check(results, runSeeds = seeds) {
      const gain = Math.max(...metricPerRun(results, 'A.gridGainFromDecay')) / PT;
      return verdict(results, runSeeds, {
        'decay trials gain < 2 pts': every(results, (m) => m('A.gridGainFromDecay') < 2 * PT),
        'random 9 ≥ 0.15 pts below the grid at one decay': every(results, (m) => m('A.grid3') - m('A.random9') >= 0.15 * PT),
      }, gain, 'gain from the decay trials < 2 pts and random ≥ 0.15 pts ahead of the one-decay grid, every seed (value: largest gain in points)', {
        'gain (pts)': pts('A.gridGainFromDecay'), 'grid at one decay (%)': pts('A.grid3'), 'random (%)': pts('A.random9'),
      });
    },
  },
  {
    id: 'grid-ties-when-both-matter',
    text: 'Once weight decay reaches 10⁻¹ and matters too, random search’s lead over the grid shrinks by at least 0.1 points on every seed, and the two end within 1 point of each other.',
    experiment: 'search-race',
    seeds,
    check(results, runSeeds = seeds) {
      const worst = Math.max(...metricPerRun(results, 'B.randomLead').map(Math.abs)) / PT;
      return verdict(results, runSeeds, {
        'lead shrinks ≥ 0.1 pts': every(results, (m) => m('leadShrinks') >= 0.1 * PT),
        'within 1 pt': every(results, (m) => Math.abs(m('B.randomLead')) <= 1 * PT),
      }, worst, 'lead shrinks by ≥ 0.1 pts and |grid − random| ≤ 1 pt on every seed (value: largest |grid − random| in points)', {
        'lead where decay matters (pts)': pts('B.randomLead'), 'shrink (pts)': pts('leadShrinks'),
      });
    },
  },
  {
    id: 'bayesian-ahead-at-fifteen',
    text: 'After 15 trials Bayesian optimization’s best, averaged over its restarts, is lower than random search’s expected best by at least 0.1 points on both spaces, on average over the seeds (the sweep: ahead on every seed).',
    experiment: 'search-race',
    seeds,
    check(results, runSeeds = seeds) {
      const a = mean(metricPerRun(results, 'A.boLead.t15')) / PT, b = mean(metricPerRun(results, 'B.boLead.t15')) / PT;
      return verdict(results, runSeeds, { 'ahead where decay barely matters': a >= 0.1, 'ahead where decay matters': b >= 0.1 }, Math.min(a, b),
        'mean lead at 15 trials ≥ 0.1 pts on both spaces (value: the smaller mean lead, points)', {
          'lead, decay barely matters (pts)': pts('A.boLead.t15'), 'lead, decay matters (pts)': pts('B.boLead.t15'),
        });
    },
  },
  {
    id: 'bayesian-fewer-trials-to-near-best',
    text: 'Averaged over both spaces and the seeds, Bayesian optimization’s mean best comes within 1 point of the table’s best in fewer trials than random search’s expected best.',
    experiment: 'search-race',
    seeds,
    check(results, runSeeds = seeds) {
      const saved = mean(results.map((r) => (metric(r, 'A.random.trialsToNear') - metric(r, 'A.bo.trialsToNear') + metric(r, 'B.random.trialsToNear') - metric(r, 'B.bo.trialsToNear')) / 2));
      return verdict(results, runSeeds, { 'fewer trials on average': saved > 0 }, saved, 'random’s trials − Bayesian trials to within 1 pt, averaged, > 0 (value: trials saved)', {
        'Bayesian (A)': (r) => metric(r, 'A.bo.trialsToNear'), 'random (A)': (r) => metric(r, 'A.random.trialsToNear'),
        'Bayesian (B)': (r) => metric(r, 'B.bo.trialsToNear'), 'random (B)': (r) => metric(r, 'B.random.trialsToNear'),
      });
    },
  },
  {
    id: 'bayesian-behind-early',
    text: 'After 3 trials (two random, one chosen by expected improvement) Bayesian optimization is behind random search, averaged over the two spaces, on at least two thirds of the seeds.',
    experiment: 'search-race',
    seeds,
    check(results, runSeeds = seeds) {
      const lead = results.map((r) => (metric(r, 'A.boLead.t3') + metric(r, 'B.boLead.t3')) / 2);
      const behind = lead.filter((v) => v < 0).length / lead.length;
      return verdict(results, runSeeds, { 'behind on ≥ 2/3 of seeds': behind >= 2 / 3 - 1e-9 }, behind, 'share of seeds where Bayesian optimization trails at 3 trials ≥ 2/3 (value: that share)', {
        'lead at 3 trials, both spaces (pts)': (r) => (metric(r, 'A.boLead.t3') + metric(r, 'B.boLead.t3')) / 2 / PT,
      });
    },
  },
];
