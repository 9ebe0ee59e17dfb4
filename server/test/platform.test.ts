import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, signIn, type TestApp } from './support/app.js';
import { buildCenterAdmin } from './support/factories.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('platform routes', () => {
  it('reports health and the database in use', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.json()).toEqual({ status: 'ok', db: t.deps.dialect });
  });

  it('publishes an OpenAPI 3 document generated from the route schemas', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/api/auth/login',
      '/api/auth/logout',
      '/api/me',
      '/api/public/communities',
      '/api/communities',
      '/api/users',
      '/api/residents',
      '/api/residents/{id}',
      '/api/residents/{id}/card',
      '/api/audit',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const body = doc.paths['/api/residents'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['name', 'communityId']));
    expect(Object.keys(body.properties)).toEqual(expect.arrayContaining(['phone', 'idNumber', 'birthDate']));
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(errorCode(response)).toBe('NOT_FOUND');
  });
});

describe('malformed requests never cause a 5xx', () => {
  it('answers broken JSON with 400', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"phone": ',
    });
    expect(response.statusCode).toBe(400);
    expect(errorCode(response)).toBe('INVALID_JSON');
  });

  it('answers an oversized body with 413 and an unknown content type with 415', async () => {
    const admin = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, admin.phone);
    const big = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(big.statusCode).toBe(413);
    expect(errorCode(big)).toBe('PAYLOAD_TOO_LARGE');
    const xml = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie, 'content-type': 'application/xml' },
      payload: '<name>x</name>',
    });
    expect(xml.statusCode).toBe(415);
  });

  it('answers a missing body and an array body with 400', async () => {
    const admin = await buildCenterAdmin(t.deps);
    const cookie = await signIn(t.app, admin.phone);
    expect((await t.app.inject({ method: 'POST', url: '/api/communities', headers: { cookie } })).statusCode).toBe(400);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/communities', headers: { cookie }, payload: [1, 2] }))
        .statusCode,
    ).toBe(400);
  });

  it('keeps internals out of a 500', async () => {
    const failing = (await import('fastify')).default();
    // The same error handler on a route that throws a raw error.
    const { registerErrorHandling } = await import('../src/platform/http-errors.js');
    registerErrorHandling(failing);
    failing.get('/boom', async () => {
      throw new Error('SELECT secret FROM internals');
    });
    const response = await failing.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret');
    expect(errorCode(response)).toBe('INTERNAL');
    await failing.close();
  });
});
