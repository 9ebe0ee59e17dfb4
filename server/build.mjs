#!/usr/bin/env node
// Compiles the production server to plain JavaScript (server/dist/main.js) so `npm start` runs `node`,
// not `tsx`: tsx compiles every TypeScript file on each start (10–12 s to the first answer on a loaded
// machine). Our own code and @zhongli/domain (TypeScript source) are bundled; every other package stays
// an import from node_modules (native modules such as better-sqlite3, sharp and argon2 cannot be bundled).
// The bundle sits at the same depth as src/ so `import.meta.dirname + '../..'` (config.ts) is still the
// repository root. Development and the tests keep running the sources through tsx.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const serverDir = import.meta.dirname;
const pkg = JSON.parse(readFileSync(path.join(serverDir, 'package.json'), 'utf8'));
const domainPkg = JSON.parse(readFileSync(path.join(serverDir, '../domain/package.json'), 'utf8'));
const external = [...Object.keys(pkg.dependencies), ...Object.keys(domainPkg.dependencies ?? {})]
  .filter((name) => name !== '@zhongli/domain')
  .flatMap((name) => [name, `${name}/*`]);

await build({
  entryPoints: { main: path.join(serverDir, 'src/main.ts') },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external,
  outdir: path.join(serverDir, 'dist'),
  sourcemap: 'linked',
  logLevel: 'warning',
});
