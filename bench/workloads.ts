// One workload's step on one engine, built from the shared data: what the benchmark child and the
// thread-scaling comparison (scaling.ts) both time. `work` is what one step does, in the table's unit.

import { familyOf, sgemmSize, type Workload } from './config.ts';
import { batch, paramsFor, seqBatch, sgemmOperands } from './data.ts';
import type { Engine, Step } from './engines/types.ts';

export async function build(engine: Engine, w: Workload): Promise<{ step: Step; work: number }> {
  const family = familyOf(w);
  if (family === 'sgemm') {
    if (!engine.sgemm) throw new Error('this engine has no sgemm');
    const n = sgemmSize(w);
    const { a, b } = sgemmOperands(n);
    return { step: await engine.sgemm(n, a, b), work: (2 * n ** 3) / 1e9 };
  }
  if (family === 'lstm' || family === 'gpt') {
    if (!engine.trainSeq) throw new Error(`this engine has no ${family} workload`);
    const { step } = await engine.trainSeq(family, seqBatch(family), paramsFor(family));
    return { step, work: 1 }; // steps/s, as the issue states the sequence models' speed
  }
  if (!engine.train) throw new Error('this engine cannot train');
  const data = batch(family);
  const { step } = await engine.train(family, data, paramsFor(family));
  return { step, work: data.labels.length };
}

