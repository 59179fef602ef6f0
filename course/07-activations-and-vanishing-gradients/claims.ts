// The statements lesson.md makes, each checked over three seeds of its experiment's quick variant.
// Bands were set from a sweep of 32 seeds of the quick variant (ranges quoted in lesson.md), with
// room to spare on both sides; the 1/4 bound and the floors (chance, ln 10) are computed, not fitted.

import { fmt, mean, perSeed, metricPerRun, type Claim } from '../kit/index.ts';

const seeds = [1, 2, 3] as const;

export const claims: Claim[] = [
  {
    id: 'sigmoid-gradient-shrinks-geometrically',
    text: 'In a fresh 10-layer sigmoid MLP with Xavier init, the gradient shrinks by a nearly constant factor per layer on its way down, between 0.2 and 0.25 — under sigmoid’s derivative bound of 1/4, and within 8% of the root-mean-square of σ′ at the units — so the first hidden layer receives less than 1e-5 of the gradient the tenth one does.',
    experiment: 'gradient-flow',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const factor = metricPerRun(results, 'sigmoid-xavier.factor');
      const rms = metricPerRun(results, 'sigmoid-xavier.rmsDerivative');
      const ratio = metricPerRun(results, 'sigmoid-xavier.firstOverLast');
      // 32 seeds: factor 0.226–0.237, rms σ′ 0.230–0.233, layer 1 ÷ layer 10 1.5e-6–2.2e-6.
      const passed = factor.every((f, i) => f >= 0.2 && f < 0.25 && Math.abs(f / rms[i]! - 1) < 0.08 && ratio[i]! < 1e-5);
      return {
        passed, value: mean(factor), expected: 'factor in [0.2, 0.25), within 8% of rms σ′, layer 1 ÷ layer 10 < 1e-5 on every seed',
        detail: `factor ${perSeed(runSeeds, factor)}; rms σ′ ${rms.map((r) => fmt(r)).join(', ')}; layer 1 ÷ layer 10 ${ratio.map((r) => fmt(r)).join(', ')}`,
      };
    },
  },
  {
    id: 'sigmoid-forward-signal-fades',
    text: 'In the same fresh 10-layer sigmoid net the forward signal fades too: how much the tenth hidden layer’s outputs vary from image to image is less than 1e-5 of how much the first layer’s do, while with tanh (Xavier) and ReLU (He) more than a tenth of that variation survives.',
    experiment: 'gradient-flow',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const sig = metricPerRun(results, 'sigmoid-xavier.signalLastOverFirst');
      const tanh = metricPerRun(results, 'tanh-xavier.signalLastOverFirst');
      const relu = metricPerRun(results, 'relu-he.signalLastOverFirst');
      // 32 seeds: sigmoid 1.8e-6–2.5e-6 (×0.23 per layer, like the gradient); tanh 0.28–0.36; ReLU 0.25–0.66.
      const passed = sig.every((s, i) => s < 1e-5 && tanh[i]! > 0.1 && relu[i]! > 0.1);
      return {
        passed, value: mean(sig), expected: 'sigmoid < 1e-5; tanh and ReLU > 0.1; on every seed',
        detail: `sigmoid ${perSeed(runSeeds, sig)}; tanh ${tanh.map((t) => fmt(t)).join(', ')}; ReLU ${relu.map((r) => fmt(r)).join(', ')}`,
      };
    },
  },
  {
    id: 'relu-level-only-with-he',
    text: 'A fresh 10-layer ReLU MLP passes the gradient down at a level rate (a factor between 0.85 and 1.15 per layer) with He init, as does GELU, but with nn.Linear’s default init the same ReLU net loses more than half of it per layer.',
    experiment: 'gradient-flow',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const he = metricPerRun(results, 'relu-he.factor');
      const gelu = metricPerRun(results, 'gelu-he.factor');
      const dflt = metricPerRun(results, 'relu-default.factor');
      // 32 seeds: ReLU+He 0.96–1.07, GELU+He 0.93–1.07, ReLU+default 0.38–0.42.
      const level = (f: number) => f >= 0.85 && f <= 1.15;
      const passed = he.every(level) && gelu.every(level) && dflt.every((f) => f < 0.5);
      return {
        passed, value: mean(he), expected: 'ReLU+He and GELU+He in [0.85, 1.15], ReLU+default < 0.5, on every seed',
        detail: `ReLU+He ${perSeed(runSeeds, he)}; GELU+He ${gelu.map((f) => fmt(f)).join(', ')}; ReLU+default ${dflt.map((f) => fmt(f)).join(', ')}`,
      };
    },
  },
  {
    id: 'deep-sigmoid-stays-at-chance',
    text: 'Trained with plain SGD at the best of its three learning rates (1, 3, 10), the 10-layer sigmoid MLP stays at chance on MNIST: its training loss stays within 0.05 of ln 10 (the loss of a uniform guess) and its test accuracy no more than 5 points above always guessing the commonest digit. A 2-layer sigmoid MLP with the same rates learns, so the culprit is depth, not sigmoid alone.',
    experiment: 'depth-race',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const loss = metricPerRun(results, 'sigmoid.trainLoss'), acc = metricPerRun(results, 'sigmoid.accuracy');
      const chance = metricPerRun(results, 'chanceAccuracy'), shallow = metricPerRun(results, 'sigmoid2.accuracy');
      // ln 10 is the loss of a uniform guess; the commonest-digit rate is computed from the test labels.
      // 32 seeds: deep sigmoid loss 2.31, accuracy 8.5–12.6% (chance 12.6%); 2-layer sigmoid 83–91%.
      const passed = loss.every((l, i) => Math.abs(l - Math.log(10)) < 0.05 && acc[i]! <= chance[i]! + 0.05 && shallow[i]! >= 0.75);
      return {
        passed, value: mean(acc), expected: `deep sigmoid: |loss − ln 10| < 0.05 and accuracy ≤ chance + 0.05; 2-layer sigmoid ≥ 0.75; on every seed`,
        detail: `deep sigmoid loss ${loss.map((l) => fmt(l)).join(', ')}, accuracy ${perSeed(runSeeds, acc)} (chance ${chance.map((c) => fmt(c)).join(', ')}); 2-layer sigmoid ${shallow.map((a) => fmt(a)).join(', ')}`,
      };
    },
  },
  {
    id: 'deep-tanh-and-relu-learn',
    text: 'The same 10-layer depth trains with tanh (Xavier init) and with ReLU (He init): each, at the best of its own three learning rates, reaches at least 50% test accuracy in the same number of steps on every seed.',
    experiment: 'depth-race',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const tanh = metricPerRun(results, 'tanh.accuracy'), relu = metricPerRun(results, 'relu.accuracy');
      // 32 seeds: tanh 76–89%, ReLU 62–84% after 150 steps (chance 12.6%).
      const passed = tanh.every((t, i) => t >= 0.5 && relu[i]! >= 0.5);
      return {
        passed, value: mean([...tanh, ...relu]), expected: 'tanh and ReLU ≥ 0.5 on every seed',
        detail: `tanh ${perSeed(runSeeds, tanh)}; ReLU ${relu.map((a) => fmt(a)).join(', ')}`,
      };
    },
  },
  {
    id: 'adam-lr-kills-relus',
    text: 'Trained with Adam for the same number of steps, a ReLU MLP ends with more dead first-layer units the larger the learning rate: on every seed the dead fraction rises from 0.001 to 0.01 and again to 0.03, where at least 45% of the layer is dead.',
    experiment: 'dead-relus',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      const at = (lr: number) => metricPerRun(results, `adam.${lr}.dead1`);
      const [a, b, c] = [at(0.001), at(0.01), at(0.03)];
      // 32 seeds (quick, 64 units): 0–12.5% at 0.001, 19–45% at 0.01, 59–84% at 0.03; each step rose by ≥ 0.14.
      const passed = a.every((x, i) => b[i]! - x >= 0.05 && c[i]! - b[i]! >= 0.05 && c[i]! >= 0.45);
      return {
        passed, value: mean(c), expected: 'dead fraction of layer 1 up by ≥ 0.05 at each step 0.001 → 0.01 → 0.03, and ≥ 0.45 at 0.03, on every seed',
        detail: `layer 1 dead at 0.001 / 0.01 / 0.03: ${a.map((x, i) => `seed ${runSeeds[i]}: ${fmt(x)} / ${fmt(b[i]!)} / ${fmt(c[i]!)}`).join(', ')}`,
      };
    },
  },
  {
    id: 'sgd-too-large-dies-or-diverges',
    text: 'With plain SGD, learning rate 0.3 leaves almost no dead units and trains well. At 1 and at 3 every run fails in one of two ways: it diverges (loss or weights no longer finite, and then no unit is counted as dead), or its weights stay finite while most of its units die and its accuracy collapses; the second failure shows up at 1.',
    experiment: 'dead-relus',
    seeds,
    check(results, runSeeds: readonly number[] = seeds) {
      // A diverged run reports no dead fraction or accuracy (undefined here, read as NaN, which fails every test below).
      const get = (key: string) => results.map((r) => r.metrics[key] ?? Number.NaN);
      const d03 = get('sgd.0.3.dead1'), acc03 = get('sgd.0.3.accuracy');
      const div1 = metricPerRun(results, 'sgd.1.diverged'), d1 = get('sgd.1.dead'), acc1 = get('sgd.1.accuracy');
      const div3 = metricPerRun(results, 'sgd.3.diverged'), d3 = get('sgd.3.dead');
      // 32 seeds: at 0.3 ≤ 3% dead, accuracy ≥ 86%; at 1 never diverged, 51–94% dead, accuracy 10–45%;
      // at 3, 18 runs diverged and the other 14 had 80–97% of units dead.
      const ok03 = d03.every((d, i) => d <= 0.1 && acc03[i]! >= 0.8);
      // A finite run must be mostly dead and near useless; a diverged one must report no dead fraction.
      const failed = (div: number[], dead: number[], acc: number[], key: string, minDead: number) =>
        div.every((v, i) => (v === 1 ? results[i]!.metrics[key] === undefined : dead[i]! >= minDead && acc[i]! <= 0.65));
      const acc3 = get('sgd.3.accuracy');
      const ok1 = failed(div1, d1, acc1, 'sgd.1.dead', 0.35) && div1.some((v) => v === 0);
      const ok3 = failed(div3, d3, acc3, 'sgd.3.dead', 0.6);
      return {
        passed: ok03 && ok1 && ok3, value: mean(d1.map((d) => (Number.isFinite(d) ? d : 0))), expected: 'lr 0.3: layer 1 ≤ 10% dead, accuracy ≥ 80%; lr 1: diverged (no dead count) or ≥ 35% dead with accuracy ≤ 65%, and at least one run finite; lr 3: diverged or ≥ 60% dead with accuracy ≤ 65%',
        detail: `lr 0.3 dead ${d03.map((x) => fmt(x)).join(', ')}; lr 1 ${div1.map((v, i) => (v ? 'diverged' : `${fmt(d1[i]!)} dead, accuracy ${fmt(acc1[i]!)}`)).join('; ')}; lr 3 ${div3.map((v, i) => (v ? 'diverged' : `${fmt(d3[i]!)} dead`)).join(', ')}`,
      };
    },
  },
];
