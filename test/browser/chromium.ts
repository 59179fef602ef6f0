// The one place that finds and launches Chromium for the browser tests and bench: $CHROMIUM_PATH, else
// Debian's /usr/bin/chromium, else the build the dev dependency @sparticuz/chromium ships (Linux x64),
// so `npm install` is all a machine needs. Not for the lab itself: users open the lab in their browser.

import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** No sandbox or GPU (containers have neither), and no network chatter: the tests talk only to localhost. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Path of a Chromium to drive; unpacks the npm one on first use (a few seconds, ~200 MB in the temp folder). */
export async function chromiumPath(): Promise<string> {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`no Chromium: ${SYSTEM_CHROMIUM} is missing and @sparticuz/chromium ships Linux x64 only (this is ${process.platform} ${process.arch}); set CHROMIUM_PATH to a Chromium or Chrome binary`);
  }
  return withLock(join(tmpdir(), 'gradschool-chromium.lock'), unpackNpmChromium);
}

/** Headless Chromium with the flags above, in US English. */
export async function launchChromium(): Promise<Browser> {
  // Under LANG=C (containers, CI) the npm build reports navigator.language 'en-US@posix', a tag Intl
  // rejects, so the page's first toLocaleString() throws; --lang does not reach headless mode, LANG does.
  const env = { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: 'en_US.UTF-8' } as Record<string, string>;
  return chromium.launch({ executablePath: await chromiumPath(), headless: true, args: CHROMIUM_ARGS, env });
}

// @sparticuz/chromium unpacks to <tmp>/chromium and reuses any file found there, even a half-written
// one or another version's; a stamp written after a complete unpack tells ours apart.
async function unpackNpmChromium(): Promise<string> {
  const { version } = JSON.parse(readFileSync(packageJson('@sparticuz/chromium'), 'utf8')) as { version: string };
  const exe = join(tmpdir(), 'chromium');
  const stamp = join(tmpdir(), 'chromium.gradschool-stamp');
  const stampOf = (file: string): string => `@sparticuz/chromium ${version}, ${statSync(file).size} bytes`;
  if (existsSync(exe) && existsSync(stamp) && readFileSync(stamp, 'utf8') === stampOf(exe)) return exe;
  rmSync(exe, { force: true });
  const { default: Chromium } = await import('@sparticuz/chromium');
  const path = await Chromium.executablePath();
  writeFileSync(stamp, stampOf(path));
  return path;
}

/** A package's package.json (its exports hide it from require): the one above its entry file that names it. */
function packageJson(pkg: string): string {
  for (let dir = dirname(createRequire(import.meta.url).resolve(pkg)); dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).name === pkg) return file;
  }
  throw new Error(`no package.json above ${pkg}'s entry file`);
}

/** Runs `fn` while holding a lock folder, so parallel test files do not unpack over each other. */
async function withLock<T>(lock: string, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // A lock older than two minutes belongs to a process that died mid-unpack.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`waited 5 minutes for ${lock}; remove it if no test is running`);
      else await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
