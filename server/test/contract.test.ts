import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { createContractSerializer } from '../src/platform/contract.js';
import { createTestApp, type TestApp } from './support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

type OpenApiOperation = { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> };

describe('the typed contract', () => {
  it('describes the answer of every route in the OpenAPI document', async () => {
    await t.app.ready();
    const document = t.app.swagger() as { paths: Record<string, Record<string, OpenApiOperation>> };
    const undescribed: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2/.test(status));
        const described =
          success.length > 0 &&
          success.every(([status, r]) => status === '204' || Object.values(r.content ?? {}).some((c) => c.schema));
        if (!described) undescribed.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(undescribed.sort()).toEqual([]);
  });
});

describe('the contract serializer', () => {
  const ZAnswer = z.object({ id: z.number(), name: z.string(), tags: z.array(z.object({ label: z.string() })) });

  async function appWith(strict: boolean, answer: unknown, onError?: (error: Error & { cause?: Error }) => void) {
    const app = Fastify();
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(createContractSerializer({ strict }));
    app.setErrorHandler((error: Error & { cause?: Error }, _request, reply) => {
      onError?.(error);
      return reply.status(500).send({ error: 'INTERNAL' });
    });
    app.get('/thing', { schema: { response: { 200: ZAnswer } } }, async () => answer);
    return app;
  }

  it('in strict mode fails a response that carries a field the schema does not list, naming it', async () => {
    let cause = '';
    const answer = { id: 1, name: '李桂兰', phone: '13900000001', tags: [{ label: 'a', secret: 1 }] };
    const app = await appWith(true, answer, (error) => (cause = error.cause?.message ?? ''));
    const response = await app.inject({ url: '/thing' });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('13900000001');
    expect(cause).toContain('phone, tags[0].secret');
  });

  it('otherwise drops the unlisted field, so it cannot leak', async () => {
    const app = await appWith(false, { id: 1, name: '李桂兰', phone: '13900000001', tags: [] });
    const response = await app.inject({ url: '/thing' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ id: 1, name: '李桂兰', tags: [] });
  });

  it('in strict mode fails a response of the wrong shape; in production writes the shape the schema promises', async () => {
    const wrong = { id: '1', name: '李桂兰', tags: [] };
    expect((await (await appWith(true, wrong)).inject({ url: '/thing' })).statusCode).toBe(500);
    const written = await (await appWith(false, wrong)).inject({ url: '/thing' });
    expect(written.statusCode).toBe(200);
    expect(written.json()).toEqual({ id: 1, name: '李桂兰', tags: [] });
  });
});
