// Config validation: every param kind, defaults and the quick variant, unknown keys, and strings
// from the command line or a URL.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, configSchema, describeParam, parseConfig } from './config.ts';
import { toyExperiment as exp } from './testing/fixture-lesson.ts';

const rejects = (raw: unknown, pattern: RegExp, keys?: string[], opts = {}) => {
  assert.throws(() => parseConfig(exp, raw, opts), (e: unknown) => {
    assert.ok(e instanceof ConfigError, 'a ConfigError');
    assert.match(e.message, pattern);
    if (keys) assert.deepEqual(e.keys, keys);
    return true;
  });
};

test('missing keys take the defaults, or the quick variant when asked', () => {
  assert.deepEqual(parseConfig(exp, {}), { lr: 0.1, width: 8, act: 'relu', bias: true });
  assert.deepEqual(parseConfig(exp, {}, { quick: true }), { lr: 0.1, width: 2, act: 'relu', bias: true });
  assert.deepEqual(parseConfig(exp, { width: 16, bias: false }, { quick: true }), { lr: 0.1, width: 16, act: 'relu', bias: false });
});

test('number params: range inclusive, wrong type and out of range named', () => {
  assert.equal(parseConfig(exp, { lr: 1 }).lr, 1);
  assert.equal(parseConfig(exp, { lr: 0.001 }).lr, 0.001);
  rejects({ lr: 5 }, /config 'lr' = 5 is not valid: expected a number from 0.001 to 1/, ['lr']);
  rejects({ lr: 0 }, /'lr' = 0/, ['lr']);
  rejects({ lr: '0.1' }, /config 'lr' = '0.1' is not valid/, ['lr']);
  rejects({ lr: null }, /'lr' = null/, ['lr']);
});

test('integer params reject fractions and out-of-range values', () => {
  assert.equal(parseConfig(exp, { width: 64 }).width, 64);
  rejects({ width: 2.5 }, /'width' = 2.5 is not valid: expected an integer from 1 to 64/, ['width']);
  rejects({ width: 65 }, /'width' = 65/, ['width']);
});

test('select params accept only their options', () => {
  assert.equal(parseConfig(exp, { act: 'tanh' }).act, 'tanh');
  rejects({ act: 'sigmoid' }, /'act' = 'sigmoid' is not valid: expected one of 'relu', 'tanh'/, ['act']);
});

test('boolean params accept only booleans', () => {
  assert.equal(parseConfig(exp, { bias: false }).bias, false);
  rejects({ bias: 'yes' }, /'bias' = 'yes' is not valid: expected true or false/, ['bias']);
  rejects({ bias: 1 }, /'bias' = 1/, ['bias']);
});

test('unknown keys are rejected, listing the valid ones; several problems are all reported', () => {
  rejects({ epochs: 3 }, /unknown config key 'epochs' for experiment 'toy' \(valid keys: lr, width, act, bias\)/, ['epochs']);
  assert.throws(() => parseConfig(exp, { epochs: 3, lr: 9 }), (e: ConfigError) => {
    assert.match(e.message, /config 'lr' = 9 is not valid/);
    assert.match(e.message, /unknown config key 'epochs'/);
    assert.deepEqual([...e.keys].sort(), ['epochs', 'lr']);
    return true;
  });
});

test('a config that is not an object is rejected', () => {
  rejects([1, 2], /must be an object/);
  rejects(null, /must be an object/);
  rejects('lr=0.1', /must be an object/);
});

test('fromStrings converts command-line and URL text before validating', () => {
  const raw = { lr: '0.25', width: '32', act: 'tanh', bias: 'false' };
  assert.deepEqual(parseConfig(exp, raw, { fromStrings: true }), { lr: 0.25, width: 32, act: 'tanh', bias: false });
  assert.equal(parseConfig(exp, { lr: '1e-2' }, { fromStrings: true }).lr, 0.01);
  rejects({ lr: 'fast' }, /'lr' = 'fast' is not valid: expected a number/, ['lr'], { fromStrings: true });
  rejects({ lr: '' }, /'lr' = '' is not valid/, ['lr'], { fromStrings: true });
  rejects({ bias: 'maybe' }, /'bias' = 'maybe'/, ['bias'], { fromStrings: true });
  rejects({ width: '3.5' }, /'width' = 3.5 is not valid: expected an integer/, ['width'], { fromStrings: true });
  rejects({ nope: '1' }, /unknown config key 'nope'/, ['nope'], { fromStrings: true });
});

test('configSchema is strict and describeParam words each kind', () => {
  assert.equal(configSchema(exp).safeParse({ extra: 1 }).success, false);
  assert.equal(configSchema(exp).safeParse({ lr: 0.5 }).success, true);
  assert.deepEqual(exp.params.map(describeParam), ['a number from 0.001 to 1', 'an integer from 1 to 64', "one of 'relu', 'tanh'", 'true or false']);
});
