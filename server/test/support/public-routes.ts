import type { TestApp } from './app.js';

/**
 * Every GET route an anonymous visitor can read on the demo county (found by asking every GET route of the
 * OpenAPI document without a session), each with the URLs that read it with every real id it takes and
 * every community filter. `unresolved`: public paths whose ids this file does not know how to find yet.
 */
export async function publicRouteUrls(
  t: TestApp,
): Promise<{ routes: { path: string; urls: string[] }[]; unresolved: string[] }> {
  await t.app.ready();
  const document = t.app.swagger() as { paths: Record<string, Record<string, Operation>> };
  const routes: { path: string; urls: string[] }[] = [];
  const unresolved: string[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    const get = operations.get;
    if (!get || path.startsWith('/uploads/')) continue; // photos are re-encoded images, EXIF stripped
    // Public is what answers without a session: ask with placeholder ids and required filters first.
    const required = (get.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => p.name);
    const placeholders = new URLSearchParams(required.map((name) => [name, PLACEHOLDERS[name] ?? '1']));
    const probe = await t.app.inject({
      url: `${path.replace(/\{(\w+)\}/g, (_m, name: string) => PLACEHOLDERS[name] ?? '1')}?${placeholders.toString()}`,
    });
    if (probe.statusCode === 401) continue;
    const sets = await parameterSets(t, path);
    if (!sets) {
      unresolved.push(path);
      continue;
    }
    const communityParam = get.parameters?.find((p) => p.in === 'query' && p.name === 'communityId');
    const queries = communityParam ? await queryVariants(t, Boolean(communityParam.required)) : [''];
    const urls = sets.flatMap((params) =>
      queries.map((query) => path.replace(/\{(\w+)\}/g, (_m, name: string) => params[name]!) + query),
    );
    routes.push({ path, urls });
  }
  return { routes, unresolved };
}

type Operation = { parameters?: { in: string; name: string; required?: boolean }[] };

/** Real ids for each public route's path parameters (every one of them, so no page is left unread). */
async function parameterSets(t: TestApp, path: string): Promise<Record<string, string>[] | undefined> {
  const ids = (rows: { id: number }[]) => rows.map((r) => ({ id: String(r.id) }));
  if (/^\/api\/(public\/)?merchants\/\{id\}/.test(path))
    return ids(await t.db.selectFrom('merchants').select('id').execute());
  if (path.startsWith('/api/public/shop/items/{id}'))
    return ids(await t.db.selectFrom('shop_items').select('id').execute());
  if (path.startsWith('/api/public/activities/{id}'))
    return ids(await t.db.selectFrom('activities').select('id').execute());
  if (path.startsWith('/api/public/services/{id}'))
    return ids(await t.db.selectFrom('services').select('id').execute());
  if (/^\/api\/public\/(service-)?sessions\/\{id\}/.test(path))
    // the sessions people booked, and a few more
    return ids(
      await t.db
        .selectFrom('service_sessions')
        .select('id')
        .orderBy(
          (eb) =>
            eb
              .selectFrom('bookings')
              .select((b) => b.fn.countAll().as('n'))
              .whereRef('bookings.session_id', '=', 'service_sessions.id'),
          'desc',
        )
        .orderBy('id')
        .limit(30)
        .execute(),
    );
  if (path.startsWith('/api/public/menus/{week}'))
    return (await t.db.selectFrom('activities').select('week').distinct().execute()).map((r) => ({ week: r.week }));
  if (!path.includes('{')) return [{}];
  return undefined;
}

/** Each public route is read without a filter (where that is allowed) and for every community. */
async function queryVariants(t: TestApp, required: boolean): Promise<string[]> {
  const communities = await t.db.selectFrom('communities').select('id').execute();
  return [...(required ? [] : ['']), ...communities.map((c) => `?communityId=${c.id}`)];
}

const PLACEHOLDERS: Record<string, string> = {
  month: '2026-11',
  date: '2026-11-28',
  communityId: '1',
  week: '2026-W48',
  year: '2026',
  from: '2026-11-01',
  to: '2026-11-30',
  // reports: a valid period, so the probe meets the guard rather than the params' validation
  kind: 'month',
  period: '2026-11',
  chart: 'categories',
};
