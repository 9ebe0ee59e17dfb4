import { errorMessage, NEXT_CURSOR_HEADER, type FieldIssue } from '@zhongli/domain';

export type { FieldIssue };

/** A failed API call: the stable `code`, Chinese `message` for the UI and per-field `details`. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: FieldIssue[];
  /** Other fields of the error envelope, e.g. `{ period: 'day', cap: 2 }` with RULE_CAP_REACHED. */
  readonly extra: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    status: number,
    details: FieldIssue[] = [],
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.status = status;
    this.details = details;
    this.extra = extra;
  }
}

export const NETWORK_ERROR_MESSAGE = '网络连接失败，请检查网络后重试';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'RATE_LIMITED',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Turns a non-2xx response body into an ApiError. The body should be
 * `{error:{code,message,details?}}`; a proxy's HTML page or an empty body still gives a
 * sensible Chinese message (from the domain's catalogue), never raw text.
 */
export function parseApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  const code = typeof error?.code === 'string' && error.code ? error.code : (CODE_BY_STATUS[status] ?? 'INTERNAL');
  const message = typeof error?.message === 'string' && error.message ? error.message : errorMessage(code);
  const details = Array.isArray(error?.details)
    ? error.details
        .filter(isRecord)
        .map((d) => ({ field: String(d.field ?? ''), message: String(d.message ?? '') }))
        .filter((d) => d.message)
    : [];
  const extra: Record<string, unknown> = {};
  if (error) {
    for (const [key, value] of Object.entries(error)) {
      if (key !== 'code' && key !== 'message' && key !== 'details') extra[key] = value;
    }
  }
  return new ApiError(code, message, status, details, extra);
}

type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

let unauthenticatedHandler: ((path: string) => void) | undefined;

/** Called when a request (other than the session probe) comes back 401: the session expired. */
export function onUnauthenticated(handler: (path: string) => void): void {
  unauthenticatedHandler = handler;
}

export interface RequestOptions {
  /** Extra request headers, e.g. `Idempotency-Key` on points-moving calls. */
  headers?: Record<string, string>;
  /** Sees a successful answer's headers (a page's `X-Next-Cursor`). */
  onHeaders?: (headers: Headers) => void;
}

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { ...options.headers, Accept: 'application/json' };
  const init: RequestInit = { method, headers, credentials: 'same-origin' };
  if (body instanceof FormData) {
    // an upload: the browser writes the multipart content type with its boundary
    init.body = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError('NETWORK', NETWORK_ERROR_MESSAGE, 0);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    const error = parseApiError(response.status, parsed);
    if (response.status === 401 && path !== '/api/me' && !path.startsWith('/api/auth/')) {
      unauthenticatedHandler?.(path);
    }
    throw error;
  }
  options.onHeaders?.(response.headers);
  return parsed as T;
}

/** One page of a public list and where the next starts (null: this was the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const http = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  /** A paged public list (`?limit&cursor`; the next page's cursor comes in `X-Next-Cursor`). */
  getPage: async <T>(path: string, query: Query = {}, cursor?: string): Promise<Page<T>> => {
    let nextCursor: string | null = null;
    const items = await request<T[]>('GET', withQuery(path, { ...query, cursor }), undefined, {
      onHeaders: (headers) => {
        nextCursor = headers.get(NEXT_CURSOR_HEADER);
      },
    });
    return { items, nextCursor };
  },
  post: <T>(path: string, body?: unknown, options?: RequestOptions) => request<T>('POST', path, body ?? {}, options),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: <T>(path: string) => request<T>('DELETE', path),
  /** multipart/form-data (a file and its fields), for the routes that parse uploads */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};

/** The Chinese text to show for any thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return errorMessage('INTERNAL');
}

/**
 * Field errors keyed by form field. `details[].field` may be a path (`roles.0.communityId`);
 * the full path and its first segment are both keys, so a form can show either.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!(error instanceof ApiError)) return result;
  for (const { field, message } of error.details) {
    if (!field) continue;
    result[field] ??= message;
    const first = field.split('.')[0]!;
    result[first] ??= message;
  }
  return result;
}

/** The file name a `Content-Disposition` header gives, preferring the RFC 5987 `filename*=UTF-8''…` form. */
export function filenameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback;
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // a malformed header: fall through to the plain name
    }
  }
  const plain = /filename="([^"]*)"/i.exec(disposition);
  return plain?.[1] || fallback;
}

/**
 * Fetches a file the server writes (an Excel export) with the session cookie, so a refusal comes back as the
 * usual ApiError instead of a downloaded error page, and returns it with the name the server gave it.
 */
export async function fetchFile(path: string): Promise<{ blob: Blob; filename: string }> {
  let response: Response;
  try {
    response = await fetch(path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError('NETWORK', NETWORK_ERROR_MESSAGE, 0);
  }
  if (!response.ok) {
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch {
      parsed = undefined;
    }
    if (response.status === 401) unauthenticatedHandler?.(path);
    throw parseApiError(response.status, parsed);
  }
  return {
    blob: await response.blob(),
    filename: filenameOf(response.headers.get('content-disposition'), '导出.xlsx'),
  };
}
