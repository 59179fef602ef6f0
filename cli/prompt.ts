// Line-by-line answers from stdin for the quiz: works on a terminal and with piped input (tests
// feed all answers at once; lines are queued, none is lost between questions). End of input = quit.

import { createInterface, type Interface } from 'node:readline';

export class LineReader {
  private readonly rl: Interface;
  private readonly queued: string[] = [];
  private waiting: ((line: string | null) => void) | null = null;
  private ended = false;

  /** `echo`: repeat each answer after its prompt, so a transcript of piped input reads like a session. */
  constructor(input: NodeJS.ReadableStream, private readonly output: NodeJS.WritableStream, private readonly echo = false) {
    this.rl = createInterface({ input, terminal: false });
    this.rl.on('line', (line) => {
      if (this.waiting) {
        const resolve = this.waiting;
        this.waiting = null;
        resolve(line);
      } else this.queued.push(line);
    });
    this.rl.on('close', () => {
      this.ended = true;
      this.waiting?.(null);
      this.waiting = null;
    });
  }

  /** Writes the prompt and waits for the next line; null once input has ended. */
  async ask(prompt: string): Promise<string | null> {
    this.output.write(prompt);
    const line = await this.next();
    if (this.echo) this.output.write(line === null ? '\n' : `${line}\n`);
    return line;
  }

  private next(): Promise<string | null> {
    if (this.queued.length) return Promise.resolve(this.queued.shift()!);
    if (this.ended) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  close(): void {
    this.rl.close();
  }
}
