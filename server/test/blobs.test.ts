import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { bootstrap } from '../src/bootstrap.js';
import type { Config } from '../src/config.js';
import { IMPORTED_SUFFIX } from '../src/platform/blobs.js';
import { fixedClock } from '../src/platform/clock.js';
import { openTestDatabase } from './support/database.js';

let handle: Awaited<ReturnType<typeof openTestDatabase>>;
let dataDir: string;
beforeAll(async () => {
  handle = await openTestDatabase();
  dataDir = mkdtempSync(path.join(tmpdir(), 'zhongli-blobs-'));
});
afterAll(async () => {
  await handle.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

const config = (): Config => ({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  demo: false,
  sessionSecret: 'blobs-test-secret-blobs-test-secret',
  centerName: '测试县社区服务中心',
  cookieSecure: false,
  production: false,
  logLevel: 'silent',
  strictResponses: true,
  trustProxyHops: 0,
  trustProxyFrom: [],
});
const keepOpen = () => ({ ...handle, close: async () => {} });
const clock = fixedClock('2026-11-28T02:00:00Z');
const photosDir = () => path.join(dataDir, 'uploads', 'photos');
const name = (c: string) => `${c.repeat(32)}.jpg`;
/** Not a real JPEG: the import copies bytes as they are, it does not re-encode. */
const bytesOf = (c: string) => Buffer.from(`photo ${c} as an earlier version stored it`);

function leaveFiles(...chars: string[]) {
  mkdirSync(photosDir(), { recursive: true });
  for (const c of chars) writeFileSync(path.join(photosDir(), name(c)), bytesOf(c));
}

async function served(c: string) {
  const { deps } = await bootstrap(config(), clock, keepOpen());
  const app = await buildApp(deps, { strictResponses: true });
  try {
    const response = await app.inject({ method: 'GET', url: `/uploads/photos/${name(c)}` });
    return [response.statusCode, response.rawPayload.equals(bytesOf(c))];
  } finally {
    await app.close();
  }
}

describe('photos left in DATA_DIR by an earlier version', () => {
  it('are copied into the database on start and served from there; the folder is set aside', async () => {
    leaveFiles('a', 'b');
    expect(await served('a')).toEqual([200, true]);
    expect(await served('b')).toEqual([200, true]);
    expect(existsSync(photosDir())).toBe(false);
    expect(existsSync(`${photosDir()}${IMPORTED_SUFFIX}`)).toBe(true);
  });

  it('a start that finds the folder again (files put back by hand) copies only what is missing, changing nothing stored', async () => {
    leaveFiles('a', 'c');
    // The same key with other bytes: what the database holds is kept, never overwritten.
    writeFileSync(path.join(photosDir(), name('b')), 'other bytes');
    expect(await served('c')).toEqual([200, true]);
    expect(await served('b')).toEqual([200, true]);
    expect(existsSync(photosDir())).toBe(false);
    const keys = await handle.db.selectFrom('blobs').select('key').orderBy('key').execute();
    expect(keys.map((k) => k.key)).toEqual([`photos/${name('a')}`, `photos/${name('b')}`, `photos/${name('c')}`]);
  });
});
