// The error for a data set that is not on this machine: its message is what to run to get it.

import { GradschoolError } from '../errors.ts';

export class MissingDataError extends GradschoolError {
  /** The command that installs the data, e.g. `apt-get install -y dataset-fashion-mnist`. */
  readonly install: string;

  constructor(what: string, install: string) {
    super(`${what} is not installed. Install it with: ${install}`);
    this.install = install;
  }
}
