import type { FastifySerializerCompiler } from 'fastify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * Every route declares its answers as zod schemas from `domain/` (`schema.response`), so the
 * OpenAPI document describes them and the web imports the same types. Serialising through the
 * schema drops any field it does not list: a presenter that starts returning a phone number
 * cannot leak it.
 *
 * In strict mode (the tests, the browser journeys, development) a field the schema does not
 * list is an error instead of being dropped silently, so a presenter and its schema cannot drift
 * apart unnoticed: the test that calls the route fails with the path of the unlisted field.
 */
export function createContractSerializer({
  strict,
}: {
  strict: boolean;
}): FastifySerializerCompiler<z.ZodType | { properties: z.ZodType }> {
  return ({ schema: maybeSchema, method, url }) => {
    const schema = maybeSchema instanceof z.ZodType ? maybeSchema : maybeSchema.properties;
    return (data: unknown) => {
      const result = schema.safeEncode(data);
      if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error });
      if (strict) {
        const unlisted = unlistedPaths(data, result.data);
        if (unlisted.length > 0) {
          const cause = new Error(`the response has fields its schema does not list: ${unlisted.join(', ')}`);
          throw new ResponseSerializationError(method, url, { cause: cause as never });
        }
      }
      return JSON.stringify(result.data);
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
