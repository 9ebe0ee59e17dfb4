import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import { buildCommunity, buildResident, buildStaff } from './support/factories.js';

/**
 * Issue 15, first load: the web app's files from memory with their precompressed copies, chosen by
 * Accept-Encoding; hashed assets cached for a year, index.html revalidated by ETag; JSON answers above
 * 1 kB compressed on the fly, small ones and streamed exports left alone. The exports and the session
 * go through the database, so this file runs on both.
 */
let t: TestApp;
let app: FastifyInstance;
let staff: string;
let communityId: number;
const webDist = mkdtempSync(path.join(tmpdir(), 'zhongli-static-'));
const INDEX = `<!doctype html><title>众力</title>${'<!-- padding -->'.repeat(100)}<div id="app"></div>`;
const ASSET = `console.log(${JSON.stringify('众力'.repeat(2000))});`;

function writeWithCopies(file: string, text: string) {
  writeFileSync(file, text);
  writeFileSync(`${file}.br`, brotliCompressSync(text));
  writeFileSync(`${file}.gz`, gzipSync(text));
}

beforeAll(async () => {
  mkdirSync(path.join(webDist, 'assets'));
  writeWithCopies(path.join(webDist, 'index.html'), INDEX);
  writeWithCopies(path.join(webDist, 'assets', 'index-abc123.js'), ASSET);
  writeFileSync(path.join(webDist, 'assets', 'tiny-def456.css'), 'a{}'); // too small for copies
  writeFileSync(path.join(webDist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  // a copy left from another build: it must never be sent for this file
  writeFileSync(path.join(webDist, 'assets', 'stale-aaa111.js'), ASSET);
  writeFileSync(path.join(webDist, 'assets', 'stale-aaa111.js.br'), brotliCompressSync('console.log("old")'));
  t = await createTestApp();
  app = await buildApp(t.deps, { webDist, strictResponses: true });
  const community = await buildCommunity(t.deps, '苗圃社区');
  communityId = community.id;
  for (let i = 0; i < 3; i++) await buildResident(t.deps, { communityId });
  staff = await signIn(t.app, (await buildStaff(t.deps, communityId)).phone);
});
afterAll(async () => {
  await app?.close();
  await t?.close();
  rmSync(webDist, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });

describe('the web app’s files', () => {
  it('picks brotli, then gzip, by Accept-Encoding, honours q=0, and always says Vary', async () => {
    const br = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toBe('Accept-Encoding');
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(ASSET);

    const gz = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(ASSET);

    const notBr = await get('/assets/index-abc123.js', { 'accept-encoding': 'br;q=0, gzip;q=0.5' });
    expect(notBr.headers['content-encoding']).toBe('gzip');

    const plain = await get('/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['vary']).toBe('Accept-Encoding');
    expect(plain.body).toBe(ASSET);
    expect(Number(plain.headers['content-length'])).toBe(Buffer.byteLength(ASSET));

    // each representation has its own validator
    expect(new Set([br.headers.etag, gz.headers.etag, plain.headers.etag]).size).toBe(3);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(ASSET) / 5);
  });

  it('caches hashed assets for a year (immutable) and revalidates index.html with its ETag', async () => {
    const asset = await get('/assets/index-abc123.js', { 'accept-encoding': 'br' });
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const small = await get('/assets/tiny-def456.css', { 'accept-encoding': 'br, gzip' });
    expect(small.statusCode).toBe(200);
    expect(small.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body).toBe('a{}');

    for (const url of ['/', '/login', '/console/residents/12?x=1', '/index.html']) {
      const page = await get(url, { 'accept-encoding': 'br' });
      expect(page.statusCode, url).toBe(200);
      expect(page.headers['cache-control'], url).toBe('no-cache');
      expect(page.headers['content-type'], url).toBe('text/html; charset=utf-8');
      expect(brotliDecompressSync(page.rawPayload).toString(), url).toBe(INDEX);
      expect(page.headers['content-security-policy'], url).toContain("default-src 'self'");
      const again = await get(url, { 'accept-encoding': 'br', 'if-none-match': String(page.headers.etag) });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
    }
    const stale = await get('/', { 'accept-encoding': 'br', 'if-none-match': '"an-old-build"' });
    expect(stale.statusCode).toBe(200);
    // the brotli body's tag does not validate the plain one
    const brTag = String((await get('/', { 'accept-encoding': 'br' })).headers.etag);
    expect((await get('/', { 'if-none-match': brTag })).statusCode).toBe(200);
  });

  it('answers HEAD with the headers and no body, and missing files with the JSON 404', async () => {
    const head = await app.inject({
      method: 'HEAD',
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'br' },
    });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-encoding']).toBe('br');
    expect(head.headers['cache-control']).toContain('immutable');
    const headIndex = await app.inject({ method: 'HEAD', url: '/' });
    expect(headIndex.statusCode).toBe(200);
    expect(headIndex.headers['etag']).toBeTruthy();

    const stale = await get('/assets/stale-aaa111.js', { 'accept-encoding': 'br' });
    // (the on-the-fly compression may still encode the file itself)
    const staleText =
      stale.headers['content-encoding'] === 'br' ? brotliDecompressSync(stale.rawPayload).toString() : stale.body;
    expect(staleText).toBe(ASSET);

    const favicon = await get('/favicon.svg');
    expect(favicon.statusCode).toBe(200);
    expect(favicon.headers['content-type']).toBe('image/svg+xml');
    const missing = await get('/assets/missing-000000.js', { 'accept-encoding': 'br' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });
});

describe('compressing answers on the fly', () => {
  it('compresses a JSON answer above 1 kB, brotli or gzip as accepted, and leaves a small one alone', async () => {
    const big = await get('/api/openapi.json', { 'accept-encoding': 'gzip, br' });
    expect(big.statusCode).toBe(200);
    expect(big.headers['content-encoding']).toBe('br');
    expect(big.headers['vary']).toMatch(/Accept-Encoding/);
    const json = JSON.parse(brotliDecompressSync(big.rawPayload).toString());
    expect(json.openapi).toBeTruthy();

    const gz = await get('/api/openapi.json', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(json);

    const plain = await get('/api/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(json);

    const small = await get('/healthz', { 'accept-encoding': 'br, gzip' });
    expect(small.statusCode).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.json().status).toBe('ok');
  });

  it('compresses a signed-in list above 1 kB (no-store kept), and a HEAD of it is fine', async () => {
    const list = await get(`/api/residents?communityId=${communityId}`, { cookie: staff, 'accept-encoding': 'br' });
    expect(list.statusCode, list.body.slice(0, 200)).toBe(200);
    expect(list.headers['cache-control']).toBe('no-store');
    const text =
      list.headers['content-encoding'] === 'br' ? brotliDecompressSync(list.rawPayload).toString() : list.body;
    expect(Buffer.byteLength(text) > 1024).toBe(list.headers['content-encoding'] === 'br');
    expect(JSON.parse(text)).toBeTruthy();
    const head = await app.inject({ method: 'HEAD', url: '/api/openapi.json', headers: { 'accept-encoding': 'br' } });
    expect(head.statusCode).toBe(200);
    expect(head.body).toBe('');
  });

  it('streams an Excel export untouched: not compressed again, and the file opens', async () => {
    const response = await get(`/api/residents/export?communityId=${communityId}`, {
      cookie: staff,
      'accept-encoding': 'br, gzip',
    });
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets[0]!.rowCount).toBe(4); // the header and three residents
  });
});
