// The two ways a command fails: a usage error (bad command line, exit 2) or anything else (exit 1).
// Usage errors name what was wrong and list what is valid, so the message alone is enough to fix it.

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
/** The shell's convention for "stopped by Ctrl-C" (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

/** "a, b and c" for short lists in messages. */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
