// Every registered op, every case: autograd's gradient must match finite differences (float64).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { opRegistry, gradcheck, manualSeed, type Tensor } from '../../engine/index.ts';
import { apply } from '../../engine/autograd/op.ts';
import { makeInputs, markDifferentiable } from './op-inputs.ts';

for (const [name, def] of opRegistry) {
  if (def.backward === 'nondifferentiable') continue;
  test(`${name} has at least one gradcheck case`, () => {
    assert.ok((def.cases ?? []).length > 0, `op '${name}' is differentiable but declares no cases`);
  });
  (def.cases ?? []).forEach((c, i) => {
    test(`gradcheck ${name} case ${i} ${JSON.stringify(c.shapes)}`, () => {
      manualSeed(1234 + i);
      const inputs = markDifferentiable(c, makeInputs(c));
      // Straight through the op's definition, so the case tests exactly this op's backward.
      const report = gradcheck((...xs: Tensor[]) => apply(def, xs, c.attrs), inputs, { raise: false });
      const bad = report.inputs.filter((r) => !r.passed).map((r) => `input ${r.input}: max error ${r.maxAbsError} at ${JSON.stringify(r.worst)}`);
      assert.ok(report.passed, `${name}: ${bad.join('; ')}`);
    });
  });
}
