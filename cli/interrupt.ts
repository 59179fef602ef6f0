// Ctrl-C while experiments run: the first press aborts the run through its AbortSignal (the
// experiment stops between steps and the CLI saves it as 'stopped'); a second press quits at once.

import { EXIT_INTERRUPTED } from './errors.ts';

export interface Interrupt {
  signal: AbortSignal;
  dispose(): void;
}

export function catchInterrupt(stderr: NodeJS.WritableStream = process.stderr): Interrupt {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
    stderr.write('\nstopping after the current step (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
