import type { FastifySerializerCompiler } from 'fastify';
import { isDeepStrictEqual } from 'node:util';
import fastJson from 'fast-json-stringify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Every route declares its answers as zod schemas from `domain/` (`schema.response`), so the
 * OpenAPI document describes them and the web imports the same types.
 *
 * In production a response is written by fast-json-stringify compiled from the schema's JSON
 * Schema: it writes only the fields the schema lists (a presenter that starts returning a phone
 * number cannot leak it) and is faster than JSON.stringify (`npm run bench`: zod's own encode
 * costs about three times JSON.stringify on a week's menu; the compiled writer about 1–1.6× faster).
 * It does not check types, so the shape is proven where it is cheap to:
 *
 * In strict mode (the tests, the browser journeys, development) every response is also encoded by
 * the zod schema and must (1) fit it, (2) carry no field the schema does not list, and (3) come out
 * as the production writer writes it (the same values; key order aside). A presenter and its schema cannot drift apart
 * unnoticed: the test that calls the route fails with the path of the offending field.
 */
export function createContractSerializer({
  strict,
}: {
  strict: boolean;
}): FastifySerializerCompiler<z.ZodType | { properties: z.ZodType }> {
  return ({ schema: maybeSchema, method, url }) => {
    const schema = maybeSchema instanceof z.ZodType ? maybeSchema : maybeSchema.properties;
    const write = fastJson(
      z.toJSONSchema(schema, { target: 'draft-7', io: 'output' }) as Parameters<typeof fastJson>[0],
    );
    if (!strict) return (data: unknown) => write(data);
    const fail = (message: string, cause?: unknown) => {
      throw new ResponseSerializationError(method, url, { cause: (cause ?? new Error(message)) as never });
    };
    return (data: unknown) => {
      const result = schema.safeEncode(data);
      if (!result.success) return fail('', result.error);
      const unlisted = unlistedPaths(data, result.data);
      if (unlisted.length > 0) fail(`the response has fields its schema does not list: ${unlisted.join(', ')}`);
      const json = JSON.stringify(result.data);
      // The same values, whatever the key order (the writer puts required fields first).
      const written = write(data);
      if (!isDeepStrictEqual(JSON.parse(written), JSON.parse(json)))
        fail(`the production writer disagrees with the schema: ${written} ≠ ${json}`);
      return json;
    };
  };
}

/** Paths present in what the handler returned but missing from what the schema let through. */
export function unlistedPaths(given: unknown, kept: unknown, at = ''): string[] {
  if (Array.isArray(given) && Array.isArray(kept)) {
    return given.flatMap((item, i) => unlistedPaths(item, kept[i], `${at}[${i}]`));
  }
  if (isPlainObject(given) && isPlainObject(kept)) {
    return Object.keys(given).flatMap((key) => {
      if (given[key] === undefined) return [];
      const path = at ? `${at}.${key}` : key;
      return key in kept ? unlistedPaths(given[key], kept[key], path) : [path];
    });
  }
  return [];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
