// Runs the engine in headless Chromium: builds test/browser/page with Vite into a temp folder,
// serves it with the lab server (COOP/COEP headers, and /data/ for the lessons' datasets), and
// opens it. Used by engine.test.ts and bench/browser.ts.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { startServer } from '../../lab/server.node.ts';
import { launchChromium } from './chromium.ts';
import type { MainThreadReport, WorkerReplies, WorkerRequest } from './page/protocol.ts';

const pageDir = fileURLToPath(new URL('./page/', import.meta.url));

export interface BrowserHarness {
  page: Page;
  /** Main-thread checks (see page/main.ts). */
  mainThread(): Promise<MainThreadReport>;
  /** One request to the page's worker. */
  ask<T extends WorkerRequest>(req: T): Promise<WorkerReplies[T['type']]>;
  /** Uncaught page or worker errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

async function buildPage(outDir: string): Promise<void> {
  const { build } = await import('vite');
  // Bundler timing notes only measure this machine's load; no minifying keeps the build cheap.
  const checks = { bundlerTimings: false };
  await build({
    root: pageDir,
    base: '/',
    configFile: false,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', minify: false, rolldownOptions: { checks } },
    worker: { format: 'es', rolldownOptions: { checks } },
  });
}

export async function openHarness(): Promise<BrowserHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'gradschool-browser-'));
  const cleanups: (() => Promise<unknown> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const f of cleanups.reverse()) await f();
  };
  try {
    await buildPage(join(dir, 'www'));
    const server = await startServer({ port: 0, dbPath: join(dir, 'lab.db'), webRoot: join(dir, 'www') });
    cleanups.push(() => server.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage();
    page.setDefaultTimeout(120_000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('worker', (w) => w.on('console', (m) => m.type() === 'error' && errors.push(`worker console: ${m.text()}`)));
    await page.goto(server.url);
    await page.waitForFunction(() => 'harness' in globalThis);
    return {
      page,
      errors,
      close,
      mainThread: () => page.evaluate(() => (globalThis as any).harness.mainThread()),
      ask: (req) => page.evaluate((r) => (globalThis as any).harness.ask(r), req),
    };
  } catch (e) {
    await close();
    throw e;
  }
}
