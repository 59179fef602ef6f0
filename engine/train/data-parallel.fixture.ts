// A replica module for data-parallel.test.ts: a 6-8-3 MLP with seeded weights and plain SGD. Its
// options make it fail on purpose (in the factory, in loss(), in update()) on workers only.

import { isMainThread } from 'node:worker_threads';
import * as g from '../index.ts';
import type { Replica } from './replica.ts';

export interface FixtureOptions { lr?: number; failFactory?: boolean; failLoss?: 'worker'; failUpdate?: boolean; wide?: boolean; nanOnWorker?: boolean; failReset?: boolean }

export function replica(o: FixtureOptions = {}): Replica {
  if (o.failFactory && !isMainThread) throw new Error('factory refused on purpose');
  // Every worker seeds differently (seed + index): the broadcast must make their weights equal.
  const net = new g.nn.Sequential(new g.nn.Linear(6, o.wide && !isMainThread ? 9 : 8), new g.nn.Tanh(), new g.nn.Linear(8, 3));
  const opt = new g.optim.SGD(net.parameters(), { lr: o.lr ?? 0.1, momentum: 0.9 });
  return {
    parameters: net.parameters(),
    keep: [net, opt],
    loss: ([x, y]) => {
      if (o.failLoss === 'worker' && !isMainThread) throw new Error('loss refused on purpose');
      const loss = g.crossEntropy(net.call(x), y);
      // A NaN in one replica's share only: x's first value set to NaN by the test.
      return o.nanOnWorker && !isMainThread ? loss.mul(x.flatten().select(0, 0)) : loss;
    },
    zeroGrad: () => opt.zeroGrad(),
    update: () => {
      if (o.failUpdate && !isMainThread) throw new Error('update refused on purpose');
      opt.step();
    },
    reset: () => {
      if (o.failReset && !isMainThread) throw new Error('reset refused on purpose');
    },
  };
}

/** Not a function: dataParallel must say so. */
export const notAFactory = 42;
