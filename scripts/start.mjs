// `npm start`: builds the web app when it is missing or older than its sources, then starts the lab
// server (TypeScript through tsx). PORT picks the port (default 4173), GRADSCHOOL_DB the database.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = join(root, 'web', 'dist');
const viteConfig = join(root, 'web', 'vite.config.ts');
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'course', 'lab', 'engine'];

/** Newest modification time of any file under `path` (0 if it does not exist). */
function newest(path) {
  let st;
  try { st = statSync(path); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let latest = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    latest = Math.max(latest, newest(join(path, name)));
  }
  return latest;
}

function buildWebIfStale() {
  if (!existsSync(viteConfig)) {
    console.log('gradschool: web/vite.config.ts is missing, so the web app cannot be built; starting the API only.');
    return;
  }
  const builtAt = existsSync(join(dist, 'index.html')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
  const sourcesAt = Math.max(...sources.map((p) => newest(join(root, p))));
  if (builtAt && builtAt >= sourcesAt) return;
  console.log(builtAt ? 'gradschool: sources changed since the last build; rebuilding the web app…' : 'gradschool: building the web app (first start)…');
  const result = spawnSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', viteConfig], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('gradschool: the web app build failed (see above); starting the server anyway with the previous build, if any.');
  }
}

buildWebIfStale();
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'lab', 'server-main.node.ts')], { cwd: root, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
