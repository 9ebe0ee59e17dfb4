import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, signIn, type TestApp } from './support/app.js';
import {
  buildActivity,
  buildCenterAdmin,
  buildCommunity,
  buildMerchant,
  buildNeed,
  buildPartner,
  buildPointsRules,
  buildRegistration,
  buildResident,
  buildService,
  buildShopItem,
  fundResident,
} from './support/factories.js';

/**
 * Route fuzzing from the OpenAPI document (issue 11, "keep it closed" 3). For every route and
 * every path, query and body field (nested ones included), hostile values go in one at a time
 * on top of a plausible request, sent as the center admin so they get past the guards:
 *
 * - values no field may take (wrong types, 100 kB strings, control characters, full-width
 *   digits in numbers, values outside an enum or a pattern, a missing required field, an extra
 *   property, a body that is not an object, JSON nested 5,000 levels, a content type that is not
 *   JSON, a malformed Idempotency-Key) must be answered 4xx with an error code, and leave every
 *   table as it was;
 * - text a person may well type into a free-text field (emoji, SQL and HTML fragments, full-width
 *   digits) may be accepted, and then the request's effect is the new baseline;
 * - nothing is ever a 5xx.
 *
 * Deterministic: the values, their order and the sample of them a field gets come from a fixed
 * seed. Throttle tables (sign-in and check-in failures) are left out of the state fingerprint:
 * counting failed attempts is their job.
 */

type Schema = {
  type?: string;
  anyOf?: Schema[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  nullable?: boolean;
  default?: unknown;
};
type Parameter = { in: 'path' | 'query' | 'header'; name: string; required?: boolean; schema?: Schema };
type Operation = {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Location = 'path' | 'query' | 'body';
type FieldPath = (string | number)[];

/** A value that must be refused, or text that a free-text field may accept. */
type Hostile = { label: string; value: unknown; mayAccept?: boolean; omit?: true };

const SEED = 20261203;
/** How many hostile values each field gets, drawn from its list with the seed (the must-haves always go). */
const VALUES_PER_FIELD = 9;
const ID_PATTERN = '^[1-9][0-9]{0,15}$';
const SAFE_METHODS = new Set<Method>(['GET']);
/** Throttles count refused attempts by design; everything else must stay as it was. */
const UNFINGERPRINTED = /fail|attempt|throttl/;

function mulberry32(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const isId = (s: Schema) => Boolean(s.anyOf?.some((o) => o.type === 'string' && o.pattern === ID_PATTERN));
const nonNull = (s: Schema): Schema => {
  const options = s.anyOf?.filter((o) => o.type !== 'null');
  return options && options.length === 1 && !isId(s) ? { ...options[0]!, nullable: true } : s;
};
const isFreeText = (s: Schema) => s.type === 'string' && !s.pattern && !s.format && !s.enum;

/** Plausible values for patterns and names the schema alone cannot tell. */
const PATTERN_SAMPLES: [RegExp, string][] = [
  [/\[01\]\\d\|2\[0-3\]\):\[0-5\]\\d\$/, '09:00'],
  [/W\(0\[1-9\]/, '2026-W50'],
  [/\\d\{4\}\(-/, '2026-12'],
  [/\\d\{4\}-\(0\[1-9\]\|1\[0-2\]\)\$/, '2026-12'],
  [/A-Za-z0-9_-/, 'R1'],
  [/\[0-9\]\{6\}/, '123456'],
  [/\[0-9\]\{1,9\}/, '1'],
];
const NAME_SAMPLES: Record<string, unknown> = {
  phone: '13912345678',
  idNumber: '11010519491231002X',
  birthDate: '1950-03-01',
  donatedOn: '2026-11-20',
  date: '2026-11-28',
  from: '2026-11-28',
  to: '2026-12-28',
  password: 'Zl-fuzz-pass-2026',
  newPassword: 'Zl-fuzz-pass-2026',
  // A wrong current password: the base request must not change the admin's own password.
  currentPassword: 'not-the-password-1',
  code: 'ABCDEFGHJKMN',
};

function sample(schema: Schema, name: string): unknown {
  const s = nonNull(schema);
  if (isId(s)) return 1;
  if (s.anyOf) return sample(s.anyOf[0]!, name);
  if (s.enum) return s.enum[0];
  if (name in NAME_SAMPLES && (s.type === 'string' || s.type === undefined)) return NAME_SAMPLES[name];
  switch (s.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) out[key] = sample(s.properties?.[key] ?? {}, key);
      return out;
    }
    case 'array':
      return s.minItems ? [sample(s.items ?? {}, name)] : [];
    case 'integer':
    case 'number':
      return Math.max(s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1, 1) <= (s.maximum ?? Infinity)
        ? Math.max(s.minimum ?? 1, (s.exclusiveMinimum ?? 0) + 1, 1)
        : (s.maximum ?? 0);
    case 'boolean':
      return false;
    case 'string': {
      if (s.format === 'date-time') return '2026-12-05T09:00:00+08:00';
      if (s.pattern) return PATTERN_SAMPLES.find(([p]) => p.test(s.pattern!))?.[1] ?? 'x';
      return '测试'.slice(0, Math.max(1, Math.min(s.maxLength ?? 2, 2)));
    }
    default:
      return '测试';
  }
}

const SQL = "1' OR '1'='1'; DROP TABLE residents; --";
const HTML = '<script>alert(1)</script><img src=x onerror=alert(1)>';
const EMOJI = '😀👨‍👩‍👧🀄';
const FULL_WIDTH_DIGITS = '１２３';
const HUGE = 'x'.repeat(100_000);

/** What may not go into a field of this schema; the first entries always go, the rest are sampled. */
function hostileValues(schema: Schema, required: boolean, location: Location): { always: Hostile[]; more: Hostile[] } {
  const s = nonNull(schema);
  const free = isFreeText(s);
  const control = (label: string, ch: string): Hostile => ({ label, value: `测${ch}试` });
  const always: Hostile[] = [control('NUL', '\u0000')];
  const more: Hostile[] = [
    control('ESC', '\u001b[2J'),
    control('backspace', '\u0008'),
    control('DEL', '\u007f'),
    // In a query string it arrives as U+FFFD (URLSearchParams replaces it): ordinary text there.
    { ...control('lone surrogate', '\ud800'), mayAccept: location === 'query' && free },
    { label: '100 kB string', value: HUGE },
    { label: 'SQL', value: SQL, mayAccept: free },
    { label: 'HTML', value: HTML, mayAccept: free },
    { label: 'emoji', value: EMOJI, mayAccept: free },
    { label: 'full-width digits', value: FULL_WIDTH_DIGITS, mayAccept: free },
  ];
  if (location === 'body') {
    if (required) always.push({ label: 'missing', value: undefined, omit: true });
    more.push({ label: 'object', value: { $gt: '' } }, { label: 'array', value: [1, 2] });
    if (!s.nullable && !(s.anyOf ?? []).some((o) => o.type === 'null')) more.push({ label: 'null', value: null });
  }
  if (isId(s)) {
    always.push({ label: 'hex id', value: '0x1' }, { label: 'full-width id', value: '１' });
    more.push(
      { label: 'id with a space', value: ' 1' },
      { label: 'exponent id', value: '1e0' },
      { label: 'decimal id', value: '1.0' },
      { label: 'zero', value: 0 },
      { label: 'negative', value: -1 },
      { label: 'too large', value: '99999999999999999999' },
      { label: 'boolean', value: true },
    );
    if (location === 'body') more.push({ label: 'fraction', value: 1.5 });
  } else if (s.type === 'integer' || s.type === 'number') {
    always.push({ label: 'text', value: 'abc' });
    if (location === 'body') {
      always.push({ label: 'numeric string', value: '1' });
      more.push({ label: 'boolean', value: true });
      if (s.type === 'integer') more.push({ label: 'fraction', value: 1.5 });
      if (s.maximum !== undefined) more.push({ label: 'above maximum', value: 1e308 });
      if (s.minimum !== undefined) more.push({ label: 'below minimum', value: -1e308 });
    }
  } else if (s.type === 'boolean') {
    always.push({ label: 'string', value: 'true' }, { label: 'number', value: 1 });
  } else if (s.type === 'array') {
    always.push({ label: 'not an array', value: 'x' });
    if (s.maxItems !== undefined)
      more.push({
        label: 'too many items',
        value: Array.from({ length: s.maxItems + 1 }, () => sample(s.items ?? {}, '')),
      });
  } else if (s.type === 'string' || s.anyOf) {
    if (location === 'body') always.push({ label: 'number', value: 12345 }, { label: 'boolean', value: false });
    if (s.enum) more.push({ label: 'not in the enum', value: 'nonsense' });
  }
  return { always, more };
}

/** Every field of a body schema, nested objects and the first item of arrays of objects included. */
function bodyFields(schema: Schema, prefix: FieldPath = []): { path: FieldPath; schema: Schema; required: boolean }[] {
  const s = nonNull(schema);
  if (s.type !== 'object' || !s.properties) return [];
  return Object.entries(s.properties).flatMap(([key, child]) => {
    const path = [...prefix, key];
    const c = nonNull(child);
    const field = { path, schema: child, required: (s.required ?? []).includes(key) };
    if (c.type === 'object') return [field, ...bodyFields(c, path)];
    if (c.type === 'array' && nonNull(c.items ?? {}).type === 'object')
      return [field, ...bodyFields(c.items!, [...path, 0])];
    return [field];
  });
}

/** The base body with `path` set to the hostile value (the parents made to exist), or removed. */
function withField(base: unknown, schema: Schema, path: FieldPath, hostile: Hostile): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  let nodeSchema = nonNull(schema);
  for (const key of path.slice(0, -1)) {
    const childSchema = nonNull(
      typeof key === 'number' ? (nodeSchema.items ?? {}) : (nodeSchema.properties?.[key] ?? {}),
    );
    if (node[key] === undefined || node[key] === null) node[key] = childSchema.type === 'array' ? [] : {};
    if (childSchema.type === 'array' && (node[key] as unknown[]).length === 0)
      (node[key] as unknown[]).push(sample(childSchema.items ?? {}, String(key)));
    node = node[key] as Record<string | number, unknown>;
    nodeSchema = childSchema;
  }
  const last = path[path.length - 1]!;
  if (hostile.omit) delete node[last];
  else node[last] = hostile.value;
  return copy;
}

/** Percent-encodes a path segment; half a character goes as the bytes no UTF-8 decoder accepts. */
function encodePathPart(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return value.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^%A-Za-z0-9]/g, (ch) => encodeURIComponent(ch));
  }
}

function errorCodeOf(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
}

type Finding = { request: string; status: number; body: string; why: string };

let t: TestApp;
let cookie: string;
let adminPhone: string;
beforeAll(async () => {
  t = await createTestApp();
  const admin = await buildCenterAdmin(t.deps);
  adminPhone = admin.phone;
  cookie = await signIn(t.app, adminPhone);
  // One of everything, so id 1 names a real row in most tables and requests reach the use cases.
  const community = await buildCommunity(t.deps);
  await buildMerchant(t.deps, community.id);
  const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
  await buildPointsRules(t.deps, community.id, [{ code: 'VOLUNTEER', name: '志愿服务', category: '志愿', points: 10 }]);
  await fundResident(t.deps, resident.id, 100);
  await buildShopItem(t.deps, community.id);
  const activity = await buildActivity(t.deps, { communityId: community.id, status: 'published' });
  await buildRegistration(t.deps, { activityId: activity.id, residentId: resident.id });
  await buildPartner(t.deps, { communityId: community.id });
  await buildNeed(t.deps, { communityId: community.id });
  await buildService(t.deps, { communityId: community.id });
}, 60_000);
afterAll(() => t?.close());

/** A hash of every row of every table (throttles aside): any write shows. */
async function stateFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  const tables = (await t.db.introspection.getTables())
    .map((table) => table.name)
    .filter((name) => !UNFINGERPRINTED.test(name))
    .sort();
  for (const name of tables) {
    const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)}`.execute(t.db);
    const lines = rows.rows.map((row) => JSON.stringify(row)).sort();
    hash.update(`${name}:${lines.length}\n${lines.join('\n')}\n`);
  }
  return hash.digest('hex');
}

describe('route fuzzing from the OpenAPI document', () => {
  it('answers every hostile value on every route with a 4xx and a code, never a 5xx, and refusals change nothing', async () => {
    await t.app.ready();
    const document = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
    const random = mulberry32(SEED);
    const findings: Finding[] = [];
    let sent = 0;
    let accepted = 0;
    let baseline = await stateFingerprint();
    const routes = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        path,
        method: method.toUpperCase() as Method,
        operation,
      })),
    );

    for (const { path, method, operation } of routes) {
      const parameters = operation.parameters ?? [];
      const pathParams = parameters.filter((p) => p.in === 'path');
      const queryParams = parameters.filter((p) => p.in === 'query');
      const takesIdempotencyKey = parameters.some((p) => p.in === 'header' && p.name === 'idempotency-key');
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      const basePath = Object.fromEntries(pathParams.map((p) => [p.name, String(sample(p.schema ?? {}, p.name))]));
      const baseQuery = Object.fromEntries(
        queryParams.filter((p) => p.required).map((p) => [p.name, String(sample(p.schema ?? {}, p.name))]),
      );
      const baseBody = bodySchema ? sample(bodySchema, '') : undefined;

      const urlOf = (params: Record<string, string>, query: Record<string, string>) => {
        const filled = path.replace(/\{(\w+)\}/g, (_m, name: string) => encodePathPart(params[name] ?? ''));
        const search = new URLSearchParams(query).toString();
        return search ? `${filled}?${search}` : filled;
      };

      type Attempt = {
        what: string;
        url: string;
        payload?: string;
        headers?: Record<string, string>;
        mayAccept: boolean;
      };
      const attempts: Attempt[] = [];
      const attempt = (what: string, request: Omit<Attempt, 'what' | 'mayAccept'>, mayAccept: boolean) =>
        attempts.push({ what, ...request, mayAccept });

      const pick = ({ always, more }: { always: Hostile[]; more: Hostile[] }) => {
        const pool = [...more];
        const chosen = [...always];
        while (chosen.length < VALUES_PER_FIELD && pool.length > 0)
          chosen.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
        return chosen;
      };
      const payloadOf = (body: unknown) => (body === undefined ? undefined : JSON.stringify(body));
      const key = { 'idempotency-key': 'fuzz-key-0001' };

      for (const param of pathParams) {
        for (const hostile of pick(hostileValues(param.schema ?? {}, true, 'path'))) {
          if (hostile.omit || hostile.value === undefined) continue;
          const url = urlOf({ ...basePath, [param.name]: String(hostile.value) }, baseQuery);
          attempt(`path ${param.name} = ${hostile.label}`, { url, payload: payloadOf(baseBody) }, false);
        }
      }
      for (const param of queryParams) {
        for (const hostile of pick(hostileValues(param.schema ?? {}, Boolean(param.required), 'query'))) {
          if (hostile.omit || typeof hostile.value === 'object') continue;
          const url = urlOf(basePath, { ...baseQuery, [param.name]: String(hostile.value) });
          attempt(
            `query ${param.name} = ${hostile.label}`,
            { url, payload: payloadOf(baseBody) },
            Boolean(hostile.mayAccept),
          );
        }
      }
      const url = urlOf(basePath, baseQuery);
      if (bodySchema) {
        for (const field of bodyFields(bodySchema)) {
          for (const hostile of pick(hostileValues(field.schema, field.required, 'body'))) {
            const body = withField(baseBody, bodySchema, field.path, hostile);
            attempt(
              `body ${field.path.join('.')} = ${hostile.label}`,
              { url, payload: payloadOf(body), headers: takesIdempotencyKey ? key : {} },
              Boolean(hostile.mayAccept),
            );
          }
        }
        if (nonNull(bodySchema).additionalProperties === false)
          attempt('an extra property', { url, payload: payloadOf({ ...(baseBody as object), zzExtra: 1 }) }, false);
        for (const [label, payload] of [
          ['a body that is an array', '[1,2]'],
          ['a body that is a string', '"x"'],
          ['a body that is null', 'null'],
          ['malformed JSON', '{"a":'],
        ] as const) {
          attempt(label, { url, payload }, false);
        }
      }
      if (!SAFE_METHODS.has(method)) {
        const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
        attempt('JSON nested 5,000 levels', { url, payload: deep, headers: takesIdempotencyKey ? key : {} }, false);
        for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
          attempt(
            `sent as ${contentType}`,
            { url, payload: payloadOf(baseBody ?? {}), headers: { 'content-type': contentType } },
            false,
          );
        }
        if (takesIdempotencyKey) {
          for (const badKey of ['short', '../../etc/passwd', 'k'.repeat(200), 'key with spaces', "k'; DROP TABLE x"]) {
            attempt(
              `Idempotency-Key ${badKey.slice(0, 20)}`,
              {
                url,
                payload: payloadOf(baseBody),
                headers: { 'idempotency-key': badKey },
              },
              false,
            );
          }
        }
      }

      // Refusals first, checked together against the baseline; then free text, which may be
      // accepted: the state is checked before each (so earlier refusals are covered) and the
      // accepted request's effect becomes the new baseline.
      const ordered = [...attempts.filter((a) => !a.mayAccept), ...attempts.filter((a) => a.mayAccept)];
      // An export (GET …/export) is a read that writes its audit entry (data.exported): checked like a write, so
      // a refused export must leave no entry and an accepted one moves the baseline.
      const changes = !SAFE_METHODS.has(method) || path.endsWith('/export');
      let refusedSinceCheck: string[] = [];
      const checkRefusalsChangedNothing = async () => {
        if (refusedSinceCheck.length === 0) return;
        const now = await stateFingerprint();
        if (now !== baseline)
          findings.push({
            request: refusedSinceCheck.join(' | '),
            status: 0,
            body: '',
            why: 'refused, yet the state changed',
          });
        baseline = now;
        refusedSinceCheck = [];
      };
      for (const a of ordered) {
        if (a.mayAccept && changes) await checkRefusalsChangedNothing();
        const response = await t.app.inject({
          method,
          url: a.url,
          headers: {
            cookie,
            ...(a.payload !== undefined ? { 'content-type': 'application/json' } : {}),
            ...a.headers,
          },
          ...(a.payload !== undefined ? { payload: a.payload } : {}),
        });
        sent++;
        const label = `${method} ${path} — ${a.what}`;
        const body = response.body.slice(0, 300);
        if (response.statusCode >= 500) {
          findings.push({ request: label, status: response.statusCode, body, why: '5xx' });
          if (changes) refusedSinceCheck.push(label);
        } else if (response.statusCode < 400) {
          if (!a.mayAccept) findings.push({ request: label, status: response.statusCode, body, why: 'accepted' });
          accepted++;
          if (changes) baseline = await stateFingerprint();
        } else {
          if (!errorCodeOf(response.body))
            findings.push({ request: label, status: response.statusCode, body, why: 'no error code' });
          if (changes) refusedSinceCheck.push(label);
        }
      }
      if (changes) await checkRefusalsChangedNothing();
      // A request that ended the admin's session would turn every later one into a 401 and hide them.
      if (changes && (await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode !== 200) {
        findings.push({ request: `${method} ${path}`, status: 0, body: '', why: 'signed the admin out' });
        cookie = await signIn(t.app, adminPhone);
        baseline = await stateFingerprint();
      }
    }

    console.log(
      `[fuzz] ${routes.length} routes, ${sent} requests (${accepted} accepted free text), ${findings.length} findings`,
    );
    expect(findings).toEqual([]);
    // The fuzzing reached every route and the admin is still signed in (nothing above ended the session).
    expect(routes.length).toBeGreaterThan(100);
    expect((await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  }, 180_000);
});
