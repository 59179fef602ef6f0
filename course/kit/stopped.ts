// The error an experiment throws when its run is stopped, so runners tell "stopped" from "failed".

export class StoppedError extends Error {
  constructor() {
    super('stopped');
    this.name = 'StoppedError';
  }
}

/** Throws StoppedError if the run was asked to stop; call between training steps. */
export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new StoppedError();
}
