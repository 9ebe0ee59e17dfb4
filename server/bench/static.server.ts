/**
 * The server side of the static bench (static.bench.ts), a child process so that autocannon in the
 * parent does not share its JavaScript thread. Two servers on loopback ports of their own:
 *
 * - the real app (buildApp over a fresh SQLite file, serving the built web app as `npm start` does:
 *   helmet's headers, the CSRF guard, the session hook, the no-store and compression hooks all run);
 * - a bare Fastify with buildApp's server options whose two routes answer the same bytes from a
 *   Buffer — the asset's brotli body and index.html (brotli when built) — with the same content type and encoding: the
 *   floor for sending those bytes over HTTP.
 *
 * It answers `{ type: 'ready', appUrl, bareUrl }` and stops on `stop`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';
import { buildApp } from '../src/app.js';
import { makeTempDir, openBenchDatabase, removeTempDir } from './support.js';

const webDist = process.env.BENCH_WEB_DIST!;
const asset = process.env.BENCH_ASSET!; // a URL path under /assets/

async function main() {
  const dir = makeTempDir('static');
  const { handle, deps } = await openBenchDatabase(path.join(dir, 'zhongli.sqlite'));
  const app = await buildApp(deps, { webDist });
  await app.listen({ host: '127.0.0.1', port: 0 });

  const bare = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  const assetBody = readFileSync(path.join(webDist, `${asset}.br`));
  // index.html is smaller than the build's threshold for a compressed copy: then it goes as it is
  const indexBr = path.join(webDist, 'index.html.br');
  const indexBody = readFileSync(existsSync(indexBr) ? indexBr : path.join(webDist, 'index.html'));
  bare.get('/asset', (_request, reply) =>
    reply.header('content-type', 'text/javascript; charset=utf-8').header('content-encoding', 'br').send(assetBody),
  );
  bare.get('/index', (_request, reply) =>
    (existsSync(indexBr) ? reply.header('content-encoding', 'br') : reply)
      .header('content-type', 'text/html; charset=utf-8')
      .send(indexBody),
  );
  await bare.listen({ host: '127.0.0.1', port: 0 });

  const url = (server: typeof bare) => {
    const address = server.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };
  process.send!({ type: 'ready', appUrl: url(app as unknown as typeof bare), bareUrl: url(bare) });
  process.on('message', async (message: { type: string }) => {
    if (message.type !== 'stop') return;
    await app.close();
    await bare.close();
    await handle.close();
    removeTempDir(dir);
    process.exit(0);
  });
}

void main();
