// Experiment course-map: no training — it lays the course's 28 lessons on the taxonomy (map.ts) as a
// table and counts them per paradigm. It ignores its seed: the map is data, not a measurement.

import { throwIfStopped, type Experiment, type Figure } from '../kit/index.ts';
import { courseMap, paradigmCounts } from './map.ts';

export const courseMapExperiment: Experiment<Record<string, never>> = {
  id: 'course-map',
  title: 'The course on the map',
  summary: 'Every lesson of the course placed on AI ⊃ ML ⊃ DL and on the learning paradigms. Nothing is trained; the seed is ignored.',
  params: [],
  defaults: {},
  quick: {},
  async run(_config, ctx) {
    throwIfStopped(ctx.signal); // nothing to stop midway, but a run asked to stop does not start
    const counts = paradigmCounts();
    const metrics: Record<string, number> = { lessons: courseMap.length };
    for (const [p, n] of Object.entries(counts)) metrics[`paradigm.${p}`] = n;
    metrics['circle.AI-outside-ML'] = courseMap.filter((l) => l.circles.includes('AI')).length;
    metrics['circle.ML-outside-DL'] = courseMap.filter((l) => l.circles.includes('ML')).length;
    const figures: Figure[] = [
      {
        id: 'map', title: 'Every lesson on the taxonomy', kind: 'table',
        columns: ['#', 'lesson', 'part', 'circles (AI ⊃ ML ⊃ DL)', 'paradigm', 'topic'],
        rows: courseMap.map((l) => [l.number, l.title, l.part, l.circles.join(', '), l.paradigms.join(', '), l.topic]),
      },
      { id: 'paradigms', title: 'Lessons per learning paradigm', kind: 'bar', xLabel: 'paradigm', yLabel: 'lessons', bars: Object.entries(counts).map(([label, value]) => ({ label, value })) },
    ];
    return { metrics, figures };
  },
};
