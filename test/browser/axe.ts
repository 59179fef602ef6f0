// Accessibility checks for the browser tests: injects axe-core (the npm package's own bundled source)
// into a page and lists the violations of serious or critical impact, each with where it was found,
// so a failing assertion says what to fix.

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** "rule: impact, n node(s) at selector; selector; …" for each serious or critical violation on the page now. */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.impact}, ${v.nodes.length} node(s) at ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join('; ')}`);
  });
}
