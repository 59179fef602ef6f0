// The quiz's line reader: answers piped in all at once are handed out one per question, in order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { LineReader } from './prompt.ts';

test('queued lines answer later questions, and the end of input reads as null', async () => {
  const input = new PassThrough();
  const output = new PassThrough();
  let shown = '';
  output.on('data', (b) => (shown += b));
  const reader = new LineReader(input, output, true);
  input.end('first\nsecond\n');
  await new Promise((r) => setImmediate(r));
  assert.equal(await reader.ask('1? '), 'first');
  assert.equal(await reader.ask('2? '), 'second');
  assert.equal(await reader.ask('3? '), null);
  reader.close();
  assert.equal(shown, '1? first\n2? second\n3? \n');
});

test('a question asked before its answer arrives waits for it', async () => {
  const input = new PassThrough();
  const reader = new LineReader(input, new PassThrough());
  const pending = reader.ask('? ');
  input.write('late\n');
  assert.equal(await pending, 'late');
  reader.close();
});
