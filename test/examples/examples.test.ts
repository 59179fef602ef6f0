// Every example runs in a reduced form (a few hundred images or a few thousand characters, a few
// steps): it prints one final JSON line with the promised fields, and its training loss falls.
// One runs as a child process, as a user would start it; the rest are imported and called.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseFlags, UsageError, type ExampleRun, type Output } from '../../examples/lib/cli.ts';
import { main as mnistCnn } from '../../examples/mnist-cnn.ts';
import { main as charLstm } from '../../examples/char-lstm.ts';
import { main as tinyGpt } from '../../examples/tiny-gpt.ts';
import { main as fineTune } from '../../examples/fine-tune.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The last printed line must be the JSON report with these fields. */
function finalJson(lines: string[], example: string, metric: 'testAccuracy' | 'bitsPerChar'): Record<string, unknown> {
  const result = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
  assert.equal(result.example, example);
  for (const key of ['epochs', metric, 'seconds']) assert.equal(typeof result[key], 'number', `${key} in ${lines.at(-1)}`);
  assert.equal(typeof result.backend, 'string');
  return result;
}

/** The first few steps' mean loss is above the last few's. */
function assertLossFell(losses: number[], what: string): void {
  assert.ok(losses.length >= 4, `${what}: only ${losses.length} steps`);
  const k = Math.min(3, Math.floor(losses.length / 2));
  const first = mean(losses.slice(0, k)), last = mean(losses.slice(-k));
  assert.ok(last < first, `${what}: loss ${first.toFixed(4)} → ${last.toFixed(4)} (${losses.map((l) => l.toFixed(3)).join(' ')})`);
}

async function run(main: (argv: string[], out: Output) => Promise<ExampleRun>, argv: string[]): Promise<ExampleRun & { lines: string[] }> {
  const lines: string[] = [];
  const done = await main(argv, { log: (l) => lines.push(l) });
  return { ...done, lines };
}

test('parseFlags: kebab-case flags typed by their defaults; unknown flags and bad numbers are usage errors', () => {
  const defaults = { epochs: 3, batchSize: 128, quick: false, backend: '' };
  assert.deepEqual(parseFlags(['--epochs', '5', '--batch-size=32', '--quick', '--backend', 'js'], defaults), { epochs: 5, batchSize: 32, quick: true, backend: 'js' });
  assert.deepEqual(parseFlags([], defaults), defaults);
  assert.throws(() => parseFlags(['--epoch', '5'], defaults), (e: Error) => e instanceof UsageError && /unknown argument '--epoch'.*--batch-size \(128\)/.test(e.message));
  assert.throws(() => parseFlags(['--epochs', 'three'], defaults), /--epochs must be a number, got 'three'/);
  assert.throws(() => parseFlags(['--epochs'], defaults), /--epochs needs a value/);
});

test('mnist-mlp runs as a script: progress lines, a falling loss, the final JSON line', () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'examples/mnist-mlp.ts', '--quick', '--batch-size', '32', '--epochs', '1', '--seed', '1'], { cwd: root, encoding: 'utf8' });
  assert.equal(child.status, 0, child.stderr);
  const lines = child.stdout.trim().split('\n');
  const result = finalJson(lines, 'mnist-mlp', 'testAccuracy');
  assert.equal(result.epochs, 1);
  assert.equal(result.seed, 1);
  assert.equal(result.trainSamples, 512);
  assert.ok((result.testAccuracy as number) > 0.3, `${result.testAccuracy}`); // 16 Adam steps: measured ≈ 0.7
  assert.ok(lines.some((l) => l.startsWith('epoch 1/1: train loss')));
  const losses = lines.flatMap((l) => /^epoch 1\/1 \[.*loss (\d+\.\d+)/.exec(l)?.[1] ?? []).map(Number);
  assertLossFell(losses, 'mnist-mlp');
});

test('mnist-cnn: a few steps on 48 images', async () => {
  const { result, losses, lines } = await run(mnistCnn, ['--limit', '48', '--batch-size', '16', '--epochs', '2', '--lr', '0.003']);
  finalJson(lines, 'mnist-cnn', 'testAccuracy');
  assert.equal(result.trainSamples, 48);
  assert.equal(losses.length, 6);
  assertLossFell(losses, 'mnist-cnn');
});

test('char-lstm: truncated BPTT on 2,000 characters, held-out bits/char, a sample', async () => {
  const { result, losses, lines } = await run(charLstm, ['--limit', '2000', '--batch-size', '8', '--seq-len', '32', '--hidden', '32', '--embed', '16', '--epochs', '2', '--lr', '0.01', '--sample-length', '20']);
  finalJson(lines, 'char-lstm', 'bitsPerChar');
  assert.equal(result.trainChars, 1800);
  // 8 streams of 224 characters → 7 batches of 32 per epoch.
  assert.equal(losses.length, 14);
  assertLossFell(losses, 'char-lstm');
  assert.ok((result.bitsPerChar as number) < Math.log2(83), `${result.bitsPerChar}`); // better than uniform over the vocabulary
  assert.equal([...(result.sample as string)].length, 'Call me Ishmael'.length + 20);
});

test('char-lstm --replicas 2: each replica carries its rows\' state, reset on all at each epoch; the same run as one thread', async () => {
  const args = ['--limit', '2000', '--batch-size', '8', '--seq-len', '32', '--hidden', '32', '--embed', '16', '--epochs', '2', '--lr', '0.01', '--sample-length', '20'];
  const one = await run(charLstm, args);
  const two = await run(charLstm, [...args, '--replicas', '2']);
  finalJson(two.lines, 'char-lstm', 'bitsPerChar');
  assert.equal(two.result.replicas, 2);
  assert.equal(two.losses.length, 14);
  // The second epoch's losses would differ if a worker carried its state across the epoch boundary.
  two.losses.forEach((l, i) => assert.ok(Math.abs(l - one.losses[i]) < 1e-4 * l, `step ${i + 1}: ${l} with replicas, ${one.losses[i]} without`));
  assert.ok(Math.abs((two.result.bitsPerChar as number) - (one.result.bitsPerChar as number)) < 1e-3);
});

test('tiny-gpt: a one-block transformer on 2,000 characters, held-out bits/char, a sample', async () => {
  const { result, losses, lines } = await run(tinyGpt, ['--limit', '2000', '--dim', '32', '--layers', '1', '--heads', '2', '--context', '32', '--batch-size', '8', '--epochs', '2', '--lr', '0.01', '--sample-length', '20']);
  finalJson(lines, 'tiny-gpt', 'bitsPerChar');
  // 1,800 training characters → 56 windows of 32 → 7 batches of 8 per epoch.
  assert.equal(losses.length, 14);
  assertLossFell(losses, 'tiny-gpt');
  assert.equal([...(result.sample as string)].length, 'Call me Ishmael'.length + 20);
});

test('tiny-gpt --replicas 2: data-parallel training gives the same run as one thread, to float32 rounding', async () => {
  const args = ['--limit', '2000', '--dim', '32', '--layers', '1', '--heads', '2', '--context', '32', '--batch-size', '8', '--epochs', '2', '--lr', '0.01', '--sample-length', '20'];
  const one = await run(tinyGpt, args);
  const two = await run(tinyGpt, [...args, '--replicas', '2']);
  finalJson(two.lines, 'tiny-gpt', 'bitsPerChar');
  assert.equal(two.result.replicas, 2);
  assert.equal(two.losses.length, 14);
  // Each replica's rows, weighted and summed: the same gradients up to rounding, so the same losses.
  two.losses.forEach((l, i) => assert.ok(Math.abs(l - one.losses[i]) < 1e-4 * l, `step ${i + 1}: ${l} with replicas, ${one.losses[i]} without`));
  assert.ok(Math.abs((two.result.bitsPerChar as number) - (one.result.bitsPerChar as number)) < 1e-3);
  await assert.rejects(run(tinyGpt, [...args, '--replicas', '0']), /--replicas must be a positive integer, got 0/);
});

test('fine-tune: pretrain, then fine-tuned vs from scratch on the same few labels', async () => {
  const { result, losses, lines } = await run(fineTune, ['--quick', '--labels-per-class', '3', '--steps', '3', '--seeds', '2', '--batch-size', '15', '--pretrain-batch-size', '32', '--lr', '0.003']);
  finalJson(lines, 'fine-tune', 'testAccuracy');
  assertLossFell(losses, 'fine-tune pretraining');
  const seeds = result.seeds as { seed: number; fineTuned: number; scratch: number }[];
  assert.deepEqual(seeds.map((s) => s.seed), [0, 1]);
  for (const s of seeds) for (const acc of [s.fineTuned, s.scratch]) assert.ok(acc >= 0 && acc <= 1);
  assert.equal(result.testAccuracy, Number(((seeds[0].fineTuned + seeds[1].fineTuned) / 2).toFixed(4)));
  assert.equal(result.steps, 3);
});
