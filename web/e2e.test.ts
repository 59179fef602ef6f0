// End to end: the built web lab on the real lab server, driven in headless Chromium. Runs a lesson's
// experiment in the browser's worker, sees the live chart and the claim verdicts, finds the run
// saved, reviews a quiz card, and checks that both survive a reload. SCREENSHOT=1 also saves
// docs/lesson-page.png, docs/run-comparison.png and docs/playground.png for the README.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../lab/server.node.ts';
import { seriousViolations } from '../test/browser/axe.ts';
import { launchChromium } from '../test/browser/chromium.ts';
import { buildModel, type BackpropModel } from './src/backprop/model.ts';
import { fmt } from './src/backprop/op-text.ts';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dist = join(repo, 'web', 'dist');
const LESSON = 'softmax-vs-argmax';

/** Newest modification time under the given paths (files or folders), skipping build outputs. */
function newest(paths: string[]): number {
  let t = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (!st.isDirectory()) {
      t = Math.max(t, st.mtimeMs);
      return;
    }
    for (const name of readdirSync(p)) if (name !== 'node_modules' && name !== 'dist' && !name.startsWith('.')) visit(join(p, name));
  };
  paths.forEach(visit);
  return t;
}

/** Builds web/dist when it is missing or older than anything it is built from. */
async function ensureBuilt(): Promise<void> {
  const index = join(dist, 'index.html');
  const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'course', 'lab', 'engine', 'package-lock.json'].map((p) => join(repo, p));
  if (existsSync(index) && statSync(index).mtimeMs >= newest(sources)) return;
  const { build } = await import('vite');
  await build({ configFile: join(repo, 'web', 'vite.config.ts'), logLevel: 'warn' });
}

test('the web lab: lesson run with live chart and claims, saved run, quiz review, kept after reload', { timeout: 600_000 }, async (t) => {
  await ensureBuilt();

  const dir = mkdtempSync(join(tmpdir(), 'gradschool-e2e-'));
  const server = await startServer({ port: 0, dbPath: join(dir, 'lab.db'), webRoot: dist });
  const browser = await launchChromium();
  t.after(async () => {
    await browser.close();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const api = async (path: string): Promise<any> => {
    const res = await fetch(new URL(path, server.url));
    assert.equal(res.status, 200, `GET ${path}: ${res.status}`);
    return res.json();
  };

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(60_000);
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));

  await t.test('home shows the course map and the lesson list', async () => {
    const lessons = await api('/api/lessons');
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'The course' }).waitFor();
    await page.locator('svg.course-map').waitFor();
    assert.equal(await page.locator('svg.course-map a.pill').count(), lessons.length);
    // Every lesson of the course is on the map: the ones not written yet are drawn as planned, not links.
    assert.equal(await page.locator('svg.course-map g.pill.planned').count(), 28 - lessons.length);
    assert.equal(await page.locator('ol.lesson-list > li').count(), lessons.length);
    assert.deepEqual(await seriousViolations(page), [], 'axe: home, as a new learner sees it');
  });

  let runId = 0;
  await t.test(`lesson ${LESSON}: Run (quick) shows a live chart and claim verdicts, and saves the run`, async () => {
    await page.locator(`ol.lesson-list a[href="/lessons/${LESSON}"]`).click();
    await page.getByRole('button', { name: 'Run', exact: true }).waitFor();
    assert.equal(await page.evaluate(() => crossOriginIsolated), true, 'the page should be cross-origin isolated (COOP/COEP), so the engine can use threads');
    assert.equal(await page.getByLabel(/Quick variant/).isChecked(), true);
    // An invalid value typed without Enter blocks the run, next to the field, until it is fixed.
    const box = page.locator('.param input.num-box').first();
    await box.fill('12abc');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/^Not run: .* got "12abc"\.$/).waitFor();
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('.run-status p').count(), 0, 'nothing started');
    await page.getByLabel('seed').fill('-5');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/seed must be a whole number from 0 to 999999999, got "-5"/).waitFor();
    await page.getByRole('button', { name: 'Reset settings' }).click();
    assert.equal(await page.locator('.field-error').count(), 0, 'Reset settings clears the invalid boxes');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('.progress-charts .uplot canvas').first().waitFor({ timeout: 120_000 });
    // The engine in the worker computes on its WebAssembly backend, not the js fallback.
    await page.getByText(/Engine: wasm backend/).waitFor();
    await page.locator('.claim .verdict').filter({ hasText: /passed|failed/ }).first().waitFor({ timeout: 300_000 });
    // Each claim says the settings and seeds it was checked on, and how it fares on the learner's own run.
    await page.locator('.claim .claim-numbers').filter({ hasText: /checked on the quick variant.*seeds? \d/ }).first().waitFor({ timeout: 300_000 });
    await page.locator('.claim .own-verdict').filter({ hasText: /On your run|one run cannot check it/ }).first().waitFor();
    const saved = page.getByText(/Saved as run #\d+/);
    await saved.waitFor({ timeout: 300_000 });
    runId = Number((await saved.textContent())!.match(/#(\d+)/)![1]);
    assert.ok(page.url().includes(`/lessons/${LESSON}?`) && page.url().includes('quick=1'), `the URL carries the panel state: ${page.url()}`);
    assert.deepEqual(await seriousViolations(page), [], 'axe: the lesson page after a run');
    if (process.env.SCREENSHOT === '1') {
      mkdirSync(join(repo, 'docs'), { recursive: true });
      // The experiment panel after the run, with a margin; boundingBox is relative to the scrolled viewport.
      const box = (await page.locator('#experiments').boundingBox())!;
      const scrolled = await page.evaluate(() => scrollY);
      const pad = 24;
      await page.screenshot({ path: join(repo, 'docs', 'lesson-page.png'), fullPage: true, clip: { x: box.x - pad, y: box.y + scrolled - pad, width: box.width + 2 * pad, height: box.height + 2 * pad } });
    }
  });

  await t.test('the run is listed by the API with source web, its claims and progress', async () => {
    const runs = await api(`/api/runs?lesson=${LESSON}`);
    const run = runs.find((r: any) => r.id === runId);
    assert.ok(run, `run #${runId} in ${JSON.stringify(runs.map((r: any) => r.id))}`);
    assert.equal(run.source, 'web');
    assert.equal(run.status, 'completed');
    assert.equal(run.quick, true);
    assert.ok(run.claims.length > 0, 'the run carries its claim verdicts');
    const full = await api(`/api/runs/${runId}`);
    assert.ok(full.progress.length > 0 && full.progress.length <= 2000, `${full.progress.length} progress events`);
  });

  let reviewed = '';
  await t.test('the quiz reveals a card and rates it Good (key 3)', async () => {
    const due = await api('/api/cards/due');
    assert.ok(due.length > 0, 'a fresh lab has new cards due');
    const card = due[0];
    reviewed = card.cardId;
    await page.getByRole('link', { name: 'Quiz', exact: true }).click();
    await page.waitForURL((url) => url.pathname === '/quiz' && url.search === '');
    await page.getByText(`Card 1 of ${due.length} due`).waitFor();
    await page.getByRole('heading', { name: card.front }).waitFor();
    if (card.kind === 'predict') {
      await page.getByRole('radio').first().check();
      await page.getByRole('button', { name: 'Run to check' }).click();
      await page.getByText(/Your prediction was (right|wrong)/).waitFor({ timeout: 300_000 });
    } else {
      // The learner writes an answer first; it is shown beside the real one to grade against.
      await page.getByLabel(/Your answer, before you look/).fill('my attempt at it');
      await page.getByRole('button', { name: 'Show answer' }).click();
      await page.locator('.your-answer').filter({ hasText: 'my attempt at it' }).waitFor();
    }
    await page.getByRole('button', { name: /^Good/ }).waitFor();
    assert.deepEqual(await seriousViolations(page), [], 'axe: the quiz with a card answered');
    await page.keyboard.press('3');
    await page.getByText(/Rated “Good”/).waitFor();
  });

  await t.test('after a reload the review and the run are still there', async () => {
    await page.reload();
    const due = await api('/api/cards/due');
    assert.ok(!due.some((c: any) => c.cardId === reviewed), `${reviewed} is no longer due`);
    await page.getByText(due.length ? `Card 1 of ${due.length} due` : 'Nothing due').waitFor();
    const progress = await api('/api/progress');
    assert.ok(progress.reviewsToday >= 1, `reviewsToday = ${progress.reviewsToday}`);
    await page.goto(new URL('/runs', server.url).href);
    const row = page.locator('table.runs-table tbody tr').filter({ has: page.locator(`a[href="/runs/${runId}"]`) });
    await row.waitFor();
    assert.match((await row.textContent())!, /web/);
    // Rows name the lesson by its title and list the run's settings, seed first.
    const lessonTitle = (await api(`/api/lessons/${LESSON}`)).title;
    await row.getByText(lessonTitle).waitFor();
    assert.match((await row.locator('.run-settings').textContent())!, /^seed \d+, \w+ = /);
    await row.locator(`a[href="/runs/${runId}"]`).click();
    await page.locator('.progress-charts .uplot canvas').first().waitFor();
    await page.getByRole('heading', { level: 1, name: new RegExp(lessonTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).waitFor();
    assert.match(await page.title(), new RegExp(`^Run #${runId}: `));
    assert.ok((await page.locator('.claim').count()) > 0, 'the saved run shows its claims');
  });

  await t.test('two runs compared side by side, and an earlier run overlaid on the live charts', async () => {
    // A second run of the same experiment with another seed, saved through the API as the CLI would.
    const first = await api(`/api/runs/${runId}`);
    const { id: _id, startedAt: _at, ...rest } = first;
    const res = await fetch(new URL('/api/runs', server.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...rest, seed: first.seed + 1, source: 'cli' }) });
    const text = await res.text();
    assert.equal(res.status, 201, text);
    const second = JSON.parse(text).id as number;
    await page.goto(new URL('/runs', server.url).href);
    await page.getByLabel(`Compare run #${runId}`).check();
    await page.getByLabel(`Compare run #${second}`).check();
    await page.getByRole('link', { name: 'Compare 2 selected runs' }).click();
    await page.waitForURL((url) => url.pathname === '/runs/compare' && url.searchParams.get('ids') === `${runId},${second}`);
    const seedRow = page.locator('table.compare-table tr.differs').filter({ has: page.locator('th', { hasText: /seed$/ }) });
    await seedRow.waitFor();
    assert.deepEqual(await seedRow.locator('td').allTextContents(), [String(first.seed), String(first.seed + 1)]);
    await page.getByLabel('Show only the rows that differ').check();
    assert.equal(await page.locator('table.compare-table tbody tr:not(.group):not(.differs)').count(), 0);
    await page.locator('.progress-charts .uplot canvas').first().waitFor();
    assert.ok((await page.locator('.progress-charts .u-legend').first().textContent())!.includes(`run #${second} · `), 'series named after their runs');
    // One series of each run, picked from the list (kept in the URL): two lines per chart.
    const pick = page.getByLabel('Curves of');
    const firstSeries = (await pick.locator('option').nth(1).textContent())!;
    await pick.selectOption(firstSeries);
    await page.waitForURL((url) => url.searchParams.get('series') === firstSeries);
    await page.locator('.progress-charts .uplot canvas').first().waitFor();
    const legend = page.locator('.progress-charts .u-legend').first();
    await legend.filter({ hasText: `run #${second} · ${firstSeries}` }).waitFor();
    assert.equal(await legend.locator('tr.u-series').count(), 3, 'the step column and one line per run');
    // On the lesson page, before any new run, an earlier run can be drawn on the charts.
    await page.goto(new URL(`/lessons/${LESSON}?experiment=${first.experiment}`, server.url).href);
    await page.getByLabel('Overlay an earlier run').selectOption(String(second));
    await page.locator('.progress-charts .uplot canvas').first().waitFor();
    assert.ok((await page.locator('.progress-charts .u-legend').first().textContent())!.includes(`run #${second} · `));
    if (process.env.SCREENSHOT === '1') {
      // For the README, two real runs that differ: a narrower hidden layer, trained here in the browser.
      await page.locator('#param-hidden').fill('8');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      const saved = page.getByText(/Saved as run #\d+/);
      await saved.waitFor({ timeout: 300_000 });
      const narrow = Number((await saved.textContent())!.match(/#(\d+)/)![1]);
      await page.goto(new URL(`/runs/compare?ids=${runId},${narrow}&series=${encodeURIComponent('softmax + cross-entropy, lr 0.1')}`, server.url).href);
      await page.locator('.progress-charts .uplot canvas').first().waitFor();
      await page.waitForTimeout(300);
      assert.deepEqual(await seriousViolations(page), [], 'axe: the compare view');
      await page.screenshot({ path: join(repo, 'docs', 'run-comparison.png'), fullPage: true });
    }
  });

  await t.test('a new lesson (08, initialization) runs in the browser and its claims pass there', async () => {
    const detail = await api('/api/lessons/initialization');
    const claims = detail.claims.filter((c: { experiment: string }) => c.experiment === 'depth');
    assert.ok(claims.length >= 1, 'the depth experiment has claims');
    await page.goto(new URL('/lessons/initialization?experiment=depth', server.url).href);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.getByText(/Saved as run #\d+/).waitFor({ timeout: 300_000 });
    const verdicts = await page.locator('.claim .verdict').allTextContents();
    assert.equal(verdicts.length, claims.length);
    for (const v of verdicts) assert.match(v, /passed/, `claim verdicts: ${verdicts.join(' | ')}`);
  });

  await t.test('a quick MNIST run (lesson 06, 11,000 images) downloads under 10 MB of data the first time and nothing the second', async () => {
    // Bytes of /data/ responses as they came over the wire (gzipped), from the worker's requests.
    const fetched: Array<{ url: string; bytes: number; status: number }> = [];
    const onFinished = async (req: import('playwright-core').Request) => {
      if (!new URL(req.url()).pathname.startsWith('/data/')) return;
      const res = await req.response();
      const sizes = await req.sizes();
      // A response from the browser's cache reports a body size of 0 or below (Chromium subtracts headers never sent).
      fetched.push({ url: req.url(), bytes: Math.max(0, sizes.responseBodySize), status: res?.status() ?? 0 });
    };
    page.on('requestfinished', onFinished);
    // Training has begun once the first curve is drawn, so its data has arrived; then stop (the
    // training itself is tested elsewhere).
    const runOnce = async () => {
      await page.goto(new URL('/lessons/cross-entropy-vs-squared-error?experiment=ce-vs-mse', server.url).href);
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.locator('.progress-charts .uplot canvas').first().waitFor({ timeout: 120_000 });
      await page.getByRole('button', { name: 'Stop', exact: true }).click();
      await page.getByText(/^Stopped after/).waitFor();
    };
    await runOnce();
    const first = fetched.splice(0);
    const firstBytes = first.reduce((n, f) => n + f.bytes, 0);
    t.diagnostic(`first run: ${first.length} data requests, ${(firstBytes / 1e6).toFixed(2)} MB: ${first.map((f) => `${new URL(f.url).pathname}${new URL(f.url).search} ${f.bytes}`).join(', ')}`);
    assert.ok(first.some((f) => f.url.includes('train-images') && f.url.includes('rows=')), 'only the rows the run needs are asked for');
    assert.ok(firstBytes > 0 && firstBytes < 10e6, `first run transferred ${firstBytes} bytes`);
    // A reload starts a fresh worker (nothing parsed in memory): the browser's cache answers.
    await runOnce();
    const second = fetched.splice(0);
    const secondBytes = second.reduce((n, f) => n + f.bytes, 0);
    t.diagnostic(`second run: ${second.length} data requests, ${secondBytes} bytes over the wire`);
    assert.ok(second.length >= 2 && second.every((f) => f.status === 200), `the second run asked again, and was answered: ${JSON.stringify(second)}`);
    assert.equal(secondBytes, 0, `second run: ${JSON.stringify(second)}`);
    page.off('requestfinished', onFinished);
  });

  await t.test('the glossary lists every term, filters as you type (kept in the URL) and links to the lessons', async () => {
    const terms = await api('/api/glossary');
    await page.locator('nav a[href="/glossary"]').click();
    await page.getByRole('heading', { name: 'Glossary' }).waitFor();
    await page.locator('dl.glossary dt').first().waitFor();
    assert.equal(await page.locator('dl.glossary dt').count(), terms.length);
    await page.getByRole('searchbox', { name: 'Find a term' }).fill('finder');
    await page.waitForURL((url) => url.pathname === '/glossary' && url.searchParams.get('q') === 'finder');
    assert.deepEqual(await page.locator('dl.glossary dt').allTextContents(), ['learning-rate finder']);
    await page.locator('dl.glossary dd a[href="/lessons/debugging-a-flat-loss"]').click();
    await page.getByRole('heading', { level: 1, name: /Training and test loss stay constant/ }).waitFor();
    // And back: the lesson's text links a term to its entry, which the glossary brings into view and marks.
    const termLink = page.locator('.prose a.term[href="/glossary#term-learning-rate-finder"]');
    assert.match((await termLink.getAttribute('title'))!, /learning rate/i, 'the link carries the definition as its tooltip');
    await termLink.click();
    await page.waitForURL((url) => url.pathname === '/glossary' && url.hash === '#term-learning-rate-finder');
    const marked = page.locator('dl.glossary dt.highlight');
    await marked.waitFor();
    assert.equal(await marked.textContent(), 'learning-rate finder');
    await assert.doesNotReject(marked.evaluate((el) => {
      const r = el.getBoundingClientRect();
      if (r.top < -2 || r.bottom > innerHeight + 2) throw new Error(`the marked term is out of view (top ${r.top})`);
    }));
  });

  await t.test('the backprop page steps forward to the loss and back, with the numbers the Node model computes; an edit recomputes them', async () => {
    const model = buildModel();
    const caption = page.locator('.bp-caption .bp-math');
    const box = (id: string, part: 'value' | 'grad') => page.locator(`svg.bp-graph [data-node="${id}"] .bp-${part}`);
    const stepOf = (m: BackpropModel, pass: string, node: string) => m.steps.find((s) => s.pass === pass && s.node === node)!;
    await page.locator('nav a[href="/backprop"]').click();
    await page.getByRole('heading', { level: 1, name: 'Backprop, step by step' }).waitFor();
    assert.equal(await page.title(), 'Backprop · gradschool lab');
    assert.equal(await page.locator('svg.bp-graph [data-node]').count(), model.nodes.length);
    assert.equal(await box('L', 'value').textContent(), '?', 'nothing is computed before the first step');
    const forward = page.getByRole('button', { name: 'Step forward' });
    for (let i = 0; i < model.forwardSteps; i++) await forward.click();
    assert.equal(await forward.isDisabled(), true);
    assert.equal(await caption.textContent(), stepOf(model, 'forward', 'L').text);
    assert.equal(await box('L', 'value').textContent(), fmt(model.loss));
    // The keyboard carries on: focus moved to Step backward, and Enter steps back to ∂L/∂z2 (8 steps).
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Step backward');
    for (let i = 0; i < 8; i++) await page.keyboard.press('Enter');
    const z2 = stepOf(model, 'backward', 'z2');
    assert.equal(await caption.textContent(), z2.text);
    assert.match(z2.text, /^∂L\/∂z2 = ∂L\/∂h2 · \(1 − h2²\) = /);
    assert.equal(await box('z2', 'grad').textContent(), `grad ${fmt(model.nodes.find((n) => n.id === 'z2')!.grad!)}`);
    assert.equal(await box('z1', 'grad').textContent(), 'grad ?', 'z1 comes later in the backward pass');
    await page.waitForURL((url) => url.pathname === '/backprop' && url.searchParams.get('step') === String(model.forwardSteps + 8));

    // Edit a weight: the graph is recomputed at the same step; a number out of range is refused by the field.
    const edited = buildModel({ w22: 0.9 });
    await page.getByLabel('w22', { exact: true }).fill('0.9');
    await page.waitForURL((url) => url.searchParams.get('w22') === '0.9');
    assert.equal(await box('z2', 'value').textContent(), fmt(edited.nodes.find((n) => n.id === 'z2')!.value));
    assert.notEqual(fmt(edited.nodes.find((n) => n.id === 'z2')!.value), fmt(model.nodes.find((n) => n.id === 'z2')!.value));
    assert.equal(await caption.textContent(), stepOf(edited, 'backward', 'z2').text);
    await page.getByLabel('w21', { exact: true }).fill('12');
    await page.getByText('w21 must be between −10 and 10, got 12.').waitFor();
    assert.equal(await page.getByLabel('w21', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await box('z2', 'value').textContent(), fmt(edited.nodes.find((n) => n.id === 'z2')!.value), 'the refused number changed nothing');
    // The link reproduces the state.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Backprop, step by step' }).waitFor();
    assert.equal(await caption.textContent(), stepOf(edited, 'backward', 'z2').text);
    assert.equal(await page.getByLabel('w22', { exact: true }).inputValue(), '0.9');
  });

  await t.test('search from the top bar finds a term across lessons, and a text hit opens its section', async () => {
    const expected = await api('/api/search?q=dead%20relu');
    await page.getByRole('searchbox', { name: 'Search the course' }).fill('dead relu');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/search' && url.searchParams.get('q') === 'dead relu');
    await page.getByText(`${expected.length} result${expected.length === 1 ? '' : 's'} for “dead relu”`).waitFor();
    assert.equal(await page.locator('ol.search-hits > li').count(), expected.length);
    const section = expected.find((h: { kind: string }) => h.kind === 'section');
    await page.locator(`ol.search-hits a[href="${section.href}"]`).first().click();
    const [path, anchor] = section.href.split('#');
    await page.waitForURL((url) => url.pathname === path);
    await page.locator(`.prose #${anchor}`).waitFor();
  });

  await t.test('a "Try this" link loads its settings into the experiment panel in one click', async () => {
    await page.goto(new URL(`/lessons/${LESSON}`, server.url).href);
    await page.locator('.prose a[href*="shift=123.456"]').click();
    await page.waitForURL((url) => url.searchParams.get('experiment') === 'argmax-explorer' && url.searchParams.get('shift') === '123.456');
    await page.getByRole('tab', { name: /argmax and softmax on the example/, selected: true }).waitFor();
    assert.equal(await page.locator('#param-shift').inputValue(), '123.456');
    await page.locator('#experiments').evaluate((el) => new Promise<void>((resolve, reject) => {
      // The panel is scrolled into view (give the smooth scroll a moment).
      setTimeout(() => { const r = el.getBoundingClientRect(); r.top < innerHeight && r.bottom > 0 ? resolve() : reject(new Error(`panel out of view: ${r.top}`)); }, 300);
    }));
  });

  await t.test('marking a lesson read moves "what to do next" on to the following lesson', async () => {
    const lessons = await api('/api/lessons');
    const first = lessons[0];
    await page.goto(new URL('/', server.url).href);
    const next = page.locator('ul.next-steps a').filter({ hasText: /^Read lesson/ });
    assert.equal(await next.getAttribute('href'), `/lessons/${first.id}`, 'a new learner starts at lesson 1');
    await next.click();
    await page.getByRole('button', { name: 'Mark this lesson read' }).click();
    await page.getByText(/Read on /).waitFor();
    assert.ok((await api(`/api/lessons/${first.id}`)).progress.readAt, 'stored');
    await page.getByRole('link', { name: 'Course', exact: true }).click();
    await page.locator('ul.next-steps').waitFor();
    assert.notEqual(await page.locator('ul.next-steps a').filter({ hasText: /^Read lesson/ }).getAttribute('href'), `/lessons/${first.id}`);
    assert.equal(await page.locator(`ol.lesson-list li:has(a[href="/lessons/${first.id}"]) .read-done`).count(), 1);
  });

  await t.test('the colour theme follows the system, and a pick is kept across a reload', async () => {
    // The page applies a change on its next update: wait for it rather than read at once.
    const themeIs = (t: string) => page.waitForFunction((want) => document.documentElement.dataset.theme === want, t, { timeout: 5000 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await themeIs('dark'); // system dark → dark page
    await page.emulateMedia({ colorScheme: 'light' });
    await themeIs('light');
    await page.getByRole('button', { name: /^Colour theme: as system/ }).click(); // → light
    await page.getByRole('button', { name: /^Colour theme: light/ }).click(); // → dark
    await themeIs('dark'); // the pick overrides the light system
    await page.reload();
    await page.getByRole('button', { name: /^Colour theme: dark/ }).waitFor();
    await themeIs('dark'); // kept after a reload
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(255, 255, 255)');
  });

  await t.test('the playground learns xor in its worker while the page stays live, and its link reproduces the settings', async () => {
    const query = 'dataset=xor&points=300&layers=8-tanh&optimizer=adam&lr=0.03&batch=16&seed=3';
    await page.goto(new URL(`/playground?${query}`, server.url).href);
    await page.getByRole('heading', { name: 'Playground' }).waitFor();
    assert.equal(await page.title(), 'Playground · gradschool lab');
    await page.locator('#pg-step').waitFor();
    await page.getByRole('button', { name: 'Play' }).click();
    // Train accuracy ≥ 90% shown, read from the page's own output.
    await page.waitForFunction(() => Number(document.querySelector('#pg-train-acc')?.getAttribute('data-value') || 0) >= 0.9, null, { timeout: 60_000 });
    // Boundary updates per second while training, as the page counts them over its last second.
    await page.waitForFunction(() => Number(document.querySelector('#pg-fps')?.getAttribute('data-fps') || 0) > 0);
    await page.waitForTimeout(1500);
    const fps = Number(await page.locator('#pg-fps').getAttribute('data-fps'));
    assert.deepEqual(await seriousViolations(page), [], 'axe: the playground while it trains');
    t.diagnostic(`playground: ${fps} boundary updates per second`);
    console.log(`playground: ${fps} boundary updates per second`);
    // Reported, not asserted (the wait above already needs a count above 0): speed belongs to the
    // benchmarks, and a loaded machine would make a threshold here flaky.
    await page.getByRole('button', { name: 'Pause' }).click();
    // The boundary is painted in the stylesheet's colours (paper mixed with orange or blue); the theme step above left the page dark.
    const rgb = await page.evaluate(`Array.from(document.querySelector('.pg-boundary').getContext('2d').getImageData(2, 2, 1, 1).data)`) as number[];
    assert.ok(rgb[1]! > 100 && rgb[2]! > 60 && rgb[3] === 255, `corner pixel ${rgb}`);
    // A chunk already running when Pause is pressed still reports its steps; after that, none come.
    await page.waitForTimeout(300);
    const stepAfterPause = await page.locator('#pg-step').textContent();
    await page.waitForTimeout(500);
    assert.equal(await page.locator('#pg-step').textContent(), stepAfterPause, 'paused: no more steps');
    // The URL holds every setting; reopening it gives the same form.
    const url = new URL(page.url());
    for (const [k, v] of new URLSearchParams(query)) assert.equal(url.searchParams.get(k), v, `URL keeps ${k}`);
    await page.goto(url.href);
    assert.equal(await page.locator('#pg-dataset').inputValue(), 'xor');
    assert.equal(await page.locator('#pg-optimizer').inputValue(), 'adam');
    assert.equal(await page.getByRole('spinbutton', { name: 'Layer 1 width' }).inputValue(), '8');
    assert.equal(await page.locator('#pg-lr').inputValue(), '0.03');
    // A bad value in a link is named on the page.
    await page.goto(new URL('/playground?dataset=moons', server.url).href);
    await page.getByText("dataset: 'moons' is not one of circles, xor, spirals, gaussians").waitFor();
  });

  await t.test('playground: clicks add your own points that survive a reload; a CSV loads, or names its bad rows; a regression set trains; a 3-class spiral is learned', async () => {
    const count = () => page.locator('#pg-count').getAttribute('data-count').then(Number);
    await page.goto(new URL('/playground?dataset=xor&points=40&seed=3&layers=8-tanh', server.url).href);
    await page.waitForFunction(() => document.querySelector('#pg-count')?.getAttribute('data-count') === '40');
    const canvas = page.locator('canvas.pg-boundary');
    await canvas.click({ position: { x: 100, y: 100 } });
    await canvas.click({ position: { x: 300, y: 300 }, modifiers: ['Shift'] });
    await page.waitForFunction(() => document.querySelector('#pg-count')?.getAttribute('data-count') === '42');
    assert.equal(await page.locator('#pg-dataset').inputValue(), 'custom');
    const withPoints = new URL(page.url());
    assert.equal(withPoints.searchParams.get('pts')?.length, 42 * 4, 'four characters a point in the link');
    await page.goto(withPoints.href);
    await page.waitForFunction(() => document.querySelector('#pg-count')?.getAttribute('data-count') === '42');
    // The keyboard's way: type x and y; a value outside the square is refused by name.
    await page.locator('#pg-add-x').fill('0.5');
    await page.locator('#pg-add-y').fill('2');
    await page.locator('#pg-add-y').press('Enter');
    await page.getByText('y must be a number from −1 to 1, got "2"').waitFor();
    assert.equal(await count(), 42, 'nothing added');
    await page.locator('#pg-add-y').fill('-0.25');
    await page.locator('#pg-add-y').press('Enter');
    await page.waitForFunction(() => document.querySelector('#pg-count')?.getAttribute('data-count') === '43');
    await page.getByRole('button', { name: 'Clear points' }).click();
    await page.waitForFunction(() => document.querySelector('#pg-count')?.getAttribute('data-count') === '0');
    assert.equal(await count(), 0);
    // A CSV with a bad row is refused by line number; a good one loads, rescaled into the square.
    await page.locator('#pg-csv').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('x,y,label\n1,2,0\n3,oops,1\n') });
    await page.getByText("line 3: y 'oops' is not a number").waitFor();
    assert.equal(await count(), 0, 'nothing loaded from a file with a bad row');
    await page.locator('#pg-csv').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from('0,0,0\n10,0,1\n0,10,1\n10,10,0\n5,5,2\n') });
    await page.getByText('Loaded 5 points from good.csv; rescaled into the square: x ← (x − 5) / 5, y ← (y − 5) / 5.').waitFor();
    await page.waitForFunction(() => document.querySelector('#pg-count')?.getAttribute('data-count') === '5');

    // Regression: the loss falls to a third of the untrained net's while it trains in the worker.
    await page.goto(new URL('/playground?dataset=bumps&points=300&layers=16-tanh&optimizer=adam&lr=0.03&batch=16&seed=2', server.url).href);
    await page.waitForFunction(() => Number(document.querySelector('#pg-train-loss')?.textContent) > 0);
    const untrained = Number(await page.locator('#pg-train-loss').textContent());
    assert.equal(await page.locator('#pg-loss').inputValue(), 'mse', 'a regression set takes squared error');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction((u) => Number(document.querySelector('#pg-train-loss')?.textContent) < u / 3, untrained, { timeout: 60_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    // The update rule is typeset (KaTeX), one line per part.
    assert.ok(await page.locator('.pg-formula .katex').count() >= 3);

    // Three classes with softmax cross-entropy: train accuracy ≥ 90%.
    await page.goto(new URL('/playground?dataset=spiral3&points=300&layers=16-tanh,16-tanh&optimizer=adam&lr=0.03&batch=16&seed=1', server.url).href);
    await page.locator('#pg-step').waitFor();
    assert.equal(await page.locator('#pg-loss').inputValue(), 'crossEntropy');
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() => Number(document.querySelector('#pg-train-acc')?.getAttribute('data-value') || 0) >= 0.9, null, { timeout: 90_000 });
    await page.getByRole('button', { name: 'Pause' }).click();
    if (process.env.SCREENSHOT === '1') {
      mkdirSync(join(repo, 'docs'), { recursive: true });
      await page.waitForTimeout(300);
      const box = (await page.locator('.pg-layout').boundingBox())!;
      const scrolled = await page.evaluate(() => scrollY);
      await page.screenshot({ path: join(repo, 'docs', 'playground.png'), fullPage: true, clip: { x: box.x - 16, y: box.y + scrolled - 16, width: box.width + 32, height: Math.min(box.height, 1100) + 32 } });
    }
  });

  await t.test('on a 390 px phone nothing scrolls sideways, the map turns into nested lists, and axe stays clean', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      for (const path of ['/', '/lessons/initialization', '/playground', '/runs']) {
        await phone.goto(new URL(path, server.url).href);
        await phone.locator('main h1').first().waitFor();
        await phone.waitForLoadState('networkidle');
        assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth), 390, `${path}: the page is as wide as the screen`);
        assert.deepEqual(await seriousViolations(phone), [], `axe: ${path} at 390 px`);
      }
      await phone.goto(server.url);
      await phone.locator('.map-narrow .region-dl').waitFor();
      assert.equal(await phone.locator('svg.course-map').isVisible(), false, 'the drawing is hidden');
      assert.ok(await phone.locator('.map-narrow .region-ai .region-ml .region-dl').count() === 1, 'deep learning inside machine learning inside AI');
    } finally {
      await phone.close();
    }
  });

  await t.test('axe finds no serious or critical violation on home, runs, glossary and search, in the light and dark themes', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate(() => localStorage.removeItem('gradschool-theme'));
      for (const path of ['/', '/runs', '/glossary', '/search?q=learning+rate']) {
        await page.goto(new URL(path, server.url).href);
        await page.locator('main h1').first().waitFor();
        // Let the page's data arrive (lists, tables) before checking what is drawn.
        await page.waitForLoadState('networkidle');
        assert.deepEqual(await seriousViolations(page), [], `axe: ${path} (${scheme})`);
      }
    }
  });

  assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  assert.deepEqual(consoleErrors, [], 'no errors in the browser console');
});
