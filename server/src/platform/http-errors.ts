import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, ERROR_CATALOGUE, type ErrorCode, type FieldIssue } from '@zhongli/domain';
import { conflictFor, isGoneSessionReference, isUniqueViolation } from './db-errors.js';

const WHOLE_PART_MESSAGES: Record<string, string> = {
  body: '请求内容应为 JSON 对象',
  querystring: '查询参数不正确',
  params: '网址参数不正确',
};

/**
 * Every error leaves as `{ error: { code, message, details? } }`. Known codes keep their status;
 * anything unexpected is logged and answered with a bare 500 that echoes nothing internal.
 */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((thrown: FastifyError | AppError, request, reply) => {
    const error = isUniqueViolation(thrown)
      ? conflictFor(thrown)
      : isGoneSessionReference(thrown)
        ? new AppError('SESSION_CHANGED')
        : thrown;
    if (error instanceof AppError) {
      const retryAfter = error.extra?.retryAfterSeconds;
      // Retry-After for clients that read headers; the web app reads the number from the body.
      if (error.status === 429 && typeof retryAfter === 'number') reply.header('retry-after', Math.ceil(retryAfter));
      return reply.status(error.status).send(body(error.code, error.message, error.details, error.extra));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details: FieldIssue[] = error.validation.flatMap((issue) => {
        const keys = (issue.params as { keys?: string[] }).keys;
        if (issue.keyword === 'unrecognized_keys' && keys) {
          return keys.map((key) => ({ field: key, message: `不认识的字段：${key}` }));
        }
        const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
        const field = path || (error.validationContext ?? 'body');
        // The whole body, query or params of the wrong kind (none, null, an array): say so in words.
        if (!path && issue.keyword === 'invalid_type')
          return [{ field, message: WHOLE_PART_MESSAGES[field] ?? '请求格式不正确' }];
        return [{ field, message: issue.message ?? ERROR_CATALOGUE.VALIDATION_FAILED.message }];
      });
      return reply.status(400).send(body('VALIDATION_FAILED', ERROR_CATALOGUE.VALIDATION_FAILED.message, details));
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return reply.status(413).send(body('PAYLOAD_TOO_LARGE'));
    if (status === 415) return reply.status(415).send(body('UNSUPPORTED_MEDIA_TYPE'));
    if (status === 429) return reply.status(429).send(body('RATE_LIMITED'));
    if (status >= 400 && status < 500) {
      // Malformed JSON, an empty body with a JSON content type and the like: the client's fault.
      const code: ErrorCode = error.code?.startsWith('FST_ERR_CTP') ? 'INVALID_JSON' : 'VALIDATION_FAILED';
      return reply.status(400).send(body(code));
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(body('INTERNAL'));
  });
}

/**
 * Errors Fastify meets before any route is chosen (Fastify's `frameworkErrors`): a path whose
 * percent-encoding is not UTF-8, a path parameter longer than the router keeps. Both are the
 * client's mistake and get the same `{ error }` body as everything else.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const message = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? '网址过长' : '网址格式不正确';
  void reply
    .status(400)
    .send(body('VALIDATION_FAILED', ERROR_CATALOGUE.VALIDATION_FAILED.message, [{ field: 'url', message }]));
}

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (Fastify's `clientErrorHandler`): a
 * raw non-ASCII character in the path, broken framing, headers too large, a request too slow. The
 * same `{ error }` body as everything else, then the connection closes.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'Request Timeout', '请求超时，请重试']
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'Request Header Fields Too Large', '请求头过大']
        : [400, 'Bad Request', '网址或请求格式不正确'];
  const payload = JSON.stringify(
    body('VALIDATION_FAILED', ERROR_CATALOGUE.VALIDATION_FAILED.message, [{ field: 'request', message }]),
  );
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
  );
}

function body(
  code: ErrorCode,
  message: string = ERROR_CATALOGUE[code].message,
  details?: FieldIssue[],
  extra?: Record<string, unknown>,
) {
  return { error: { code, message, ...(details ? { details } : {}), ...(extra ?? {}) } };
}
