#!/usr/bin/env node
// Builds the web app when web/dist is missing or older than its sources, so `npm start` always
// serves what is checked out. Runs from `npm ci` (prepare) and before `npm start`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const built = path.join(root, 'web/dist/index.html');
const sources = ['web/src', 'web/index.html', 'web/vite.config.ts', 'web/build', 'web/package.json', 'domain/src'].map(
  (p) => path.join(root, p),
);

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

if (!existsSync(path.join(root, 'web/package.json'))) process.exit(0);
const stale = !existsSync(built) || Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
if (!stale) process.exit(0);
if (!existsSync(path.join(root, 'node_modules/.bin/vite'))) {
  console.warn('[zhongli] web build skipped: vite is not installed (run npm ci). The API still starts.');
  process.exit(0);
}
console.log('[zhongli] building the web app (web/dist) …');
const result = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
process.exit(result.status ?? 1);
