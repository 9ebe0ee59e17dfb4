#!/usr/bin/env node
// Builds what `npm start` runs when it is missing or older than its sources, so `npm start` always
// serves what is checked out: the web app (web/dist) and the compiled server (server/dist/main.js,
// plain JavaScript run by `node`; see server/build.mjs). Runs from `npm ci` (prepare) and before `npm start`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');

function newestMtime(p) {
  if (!existsSync(p)) return 0;
  const stat = statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

function isStale(built, sources) {
  return (
    !existsSync(built) || Math.max(...sources.map((p) => newestMtime(path.join(root, p)))) > statSync(built).mtimeMs
  );
}

function run(what, args) {
  console.log(`[zhongli] building ${what} …`);
  const result = spawnSync('npm', args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (existsSync(path.join(root, 'web/package.json'))) {
  const webSources = [
    'web/src',
    'web/index.html',
    'web/public',
    'web/vite.config.ts',
    'web/build',
    'web/package.json',
    'domain/src',
  ];
  if (isStale(path.join(root, 'web/dist/index.html'), webSources)) {
    if (!existsSync(path.join(root, 'node_modules/.bin/vite')))
      console.warn('[zhongli] web build skipped: vite is not installed (run npm ci). The API still starts.');
    else run('the web app (web/dist)', ['run', 'build', '-w', 'web']);
  }
}

const serverSources = ['server/src', 'server/build.mjs', 'server/package.json', 'domain/src', 'domain/package.json'];
if (isStale(path.join(root, 'server/dist/main.js'), serverSources)) {
  if (
    !existsSync(path.join(root, 'node_modules/esbuild')) &&
    !existsSync(path.join(root, 'server/node_modules/esbuild'))
  ) {
    console.error('[zhongli] cannot build the server: esbuild is not installed (run npm ci, with dev dependencies).');
    process.exit(1);
  }
  run('the server (server/dist)', ['run', 'build', '-w', 'server']);
}
