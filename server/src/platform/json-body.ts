import type { FastifyInstance } from 'fastify';
import { AppError } from '@zhongli/domain';

/** No request of this API nests deeper than a handful of levels; 32 leaves room and stops the recursion attacks. */
export const MAX_JSON_DEPTH = 32;

/**
 * Whether a JSON text opens more than `max` arrays/objects inside each other, read in one pass
 * without recursion (strings skipped, escapes honoured). Malformed text is left to the parser.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c)
        i++; // backslash: the next character is escaped
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > max) return true;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return false;
}

/**
 * Replaces Fastify's JSON parser with the same parser behind a depth check, so a body nested
 * thousands of levels deep is a 400 before anything walks it recursively (validation, the
 * Idempotency-Key fingerprint, logging) — on every route, with a body schema or without.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (jsonDepthExceeds(body as string, MAX_JSON_DEPTH)) {
      done(
        new AppError('INVALID_JSON', {
          details: [{ field: 'body', message: `内容嵌套不能超过${MAX_JSON_DEPTH}层` }],
        }),
        undefined,
      );
      return;
    }
    parse(request, body as string, done);
  });
}
