// The lesson's experiments: one table of trained networks, on which every search is played.

import type { Experiment } from '../kit/index.ts';
import { searchRace } from './search-race.ts';

export { searchRace };

export const experiments: readonly Experiment<any>[] = [searchRace];
