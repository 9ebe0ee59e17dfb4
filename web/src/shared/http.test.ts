// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  fetchFile,
  fieldErrorsOf,
  filenameOf,
  http,
  NETWORK_ERROR_MESSAGE,
  onUnauthenticated,
  parseApiError,
  withQuery,
} from './http';

function jsonResponse(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
  onUnauthenticated(() => undefined);
});

describe('parseApiError', () => {
  it('keeps code, Chinese message and field details from the error envelope', () => {
    const error = parseApiError(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: '提交的信息有误',
        details: [{ field: 'idNumber', message: '身份证号校验位不正确' }],
      },
    });
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.status).toBe(400);
    expect(error.message).toBe('提交的信息有误');
    expect(error.details).toEqual([{ field: 'idNumber', message: '身份证号校验位不正确' }]);
  });

  it('falls back to the catalogue message when the server sent only a code', () => {
    expect(parseApiError(409, { error: { code: 'PHONE_TAKEN' } }).message).toBe('该手机号已被登记');
  });

  it('derives a code from the status when the body is not our envelope (proxy page, empty body)', () => {
    const error = parseApiError(429, undefined);
    expect(error.code).toBe('RATE_LIMITED');
    expect(error.message).toBe('尝试次数过多，请稍后再试');
    expect(parseApiError(502, '<html>').code).toBe('INTERNAL');
    expect(parseApiError(502, '<html>').message).toBe('系统繁忙，请稍后再试');
  });

  it('ignores malformed details', () => {
    const error = parseApiError(400, {
      error: {
        code: 'VALIDATION_FAILED',
        details: [null, 'x', { field: 'name' }, { field: 'phone', message: '手机号不正确' }],
      },
    });
    expect(error.details).toEqual([{ field: 'phone', message: '手机号不正确' }]);
  });
});

describe('fieldErrorsOf', () => {
  it('keys messages by the full path and by its first segment, first message wins', () => {
    const error = new ApiError('VALIDATION_FAILED', 'x', 400, [
      { field: 'roles.0.communityId', message: '需要指定社区' },
      { field: 'phone', message: '第一条' },
      { field: 'phone', message: '第二条' },
    ]);
    expect(fieldErrorsOf(error)).toEqual({
      'roles.0.communityId': '需要指定社区',
      roles: '需要指定社区',
      phone: '第一条',
    });
    expect(fieldErrorsOf(new Error('boom'))).toEqual({});
  });
});

describe('request', () => {
  it('sends JSON with same-origin credentials and returns the parsed body', async () => {
    const fetchMock = vi.fn(async () => jsonResponse(201, { id: 7, memberCode: '1234567897' }));
    vi.stubGlobal('fetch', fetchMock);
    const result = await http.post<{ id: number }>('/api/residents', { name: '张三' });
    expect(result).toEqual({ id: 7, memberCode: '1234567897' });
    const [path, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe('/api/residents');
    expect(init.credentials).toBe('same-origin');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe('application/json');
    expect(init.body).toBe(JSON.stringify({ name: '张三' }));
  });

  it('sends extra headers and keeps extra fields of the error envelope', async () => {
    const fetchMock = vi.fn(async () =>
      jsonResponse(409, {
        error: { code: 'RULE_CAP_REACHED', message: '该积分项目已达到次数上限', period: 'day', cap: 2 },
      }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const error = await http
      .post('/api/points/awards', { residentId: 1, ruleId: 2 }, { headers: { 'Idempotency-Key': 'k-12345678' } })
      .catch((e: unknown) => e);
    const [, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect((init.headers as Record<string, string>)['Idempotency-Key']).toBe('k-12345678');
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).extra).toEqual({ period: 'day', cap: 2 });
  });

  it('returns undefined for 204', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(null, { status: 204 })),
    );
    await expect(http.post('/api/auth/logout')).resolves.toBeUndefined();
  });

  it('throws ApiError with details on a 4xx', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () =>
        jsonResponse(409, {
          error: {
            code: 'PHONE_TAKEN',
            message: '该手机号已被登记',
            details: [{ field: 'phone', message: '该手机号已被登记' }],
          },
        }),
      ),
    );
    const error = await http.post('/api/residents', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('PHONE_TAKEN');
    expect(fieldErrorsOf(error).phone).toBe('该手机号已被登记');
  });

  it('turns a network failure into a Chinese message', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(http.get('/api/me')).rejects.toMatchObject({ code: 'NETWORK', message: NETWORK_ERROR_MESSAGE });
  });

  it('reports an expired session, but not for the session probe itself', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(401, { error: { code: 'UNAUTHENTICATED', message: '请先登录' } })),
    );
    const seen: string[] = [];
    onUnauthenticated((path) => seen.push(path));
    await http.get('/api/me').catch(() => undefined);
    await http.get('/api/residents').catch(() => undefined);
    expect(seen).toEqual(['/api/residents']);
  });
});

describe('withQuery', () => {
  it('drops empty values', () => {
    expect(withQuery('/api/residents', { q: '张', communityId: undefined, page: 2, x: '' })).toBe(
      '/api/residents?q=%E5%BC%A0&page=2',
    );
    expect(withQuery('/api/residents', {})).toBe('/api/residents');
  });
});

describe('fetchFile (导出)', () => {
  it("returns the file under the Chinese name of the server's RFC 5987 header", async () => {
    const disposition = `attachment; filename="_____.xlsx"; filename*=UTF-8''${encodeURIComponent('居民名单-太风东街社区.xlsx')}`;
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('PK', { status: 200, headers: { 'Content-Disposition': disposition } })),
    );
    const { blob, filename } = await fetchFile('/api/residents/export');
    expect(filename).toBe('居民名单-太风东街社区.xlsx');
    expect(await blob.text()).toBe('PK');
  });

  it('turns a refusal into the ApiError the page shows, not a downloaded error page', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(403, { error: { code: 'FORBIDDEN', message: '没有权限' } })),
    );
    const error = await fetchFile('/api/residents/export?communityId=2').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('FORBIDDEN');
  });

  it('falls back to the plain name, then to a default', () => {
    expect(filenameOf('attachment; filename="list.xlsx"', 'x.xlsx')).toBe('list.xlsx');
    expect(filenameOf("attachment; filename*=UTF-8''%E0%A4%A", 'x.xlsx')).toBe('x.xlsx');
    expect(filenameOf(null, '导出.xlsx')).toBe('导出.xlsx');
  });
});
