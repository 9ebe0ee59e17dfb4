/**
 * Issue 15's county-scale queries that `hotQueries` (county.bench.ts) does not already time: the
 * merchant wall and the monthly re-rating, name search over the whole county, and the audit log's
 * page 2,000 asked by cursor. Passed to `runCountyBench` as `extraQueries`; each runs through the
 * product's own functions on the same connection, next to the same `SELECT 1`.
 *
 * On a branch without keyset paging the audit query's `before` is ignored and it is the OFFSET page
 * 2,000 — which is what its "before" figure should be.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { presentWall } from '../src/modules/merchants/partners.presenter.js';
import { merchantWall, rerateMonth } from '../src/modules/merchants/partners.service.js';
import { listAuditEntries } from '../src/modules/audit/audit.repository.js';
import { searchResidents } from '../src/modules/residents/residents.repository.js';
import type { AppDeps } from '../src/platform/deps.js';
import type { NamedQuery } from './county.bench.js';

export function countyQueryExtras(raw: BetterSqlite3.Database): NamedQuery[] {
  const one = <T>(text: string) => raw.prepare(text).get() as T;
  const lastDay = one<{ at: string }>(`select max(created_at) as at from points_ledger`).at;
  const largest = one<{ community_id: number }>(
    `select community_id from merchants group by community_id order by count(*) desc limit 1`,
  );
  // The 40,001st newest entry: page 2,000 of 20 begins just below it.
  const cursor = one<{ id: number } | undefined>(`select id from audit_log order by id desc limit 1 offset 39999`);
  const depsOf = (db: AppDeps['db']) => ({ db, dialect: 'sqlite', clock: { now: () => new Date(lastDay) } }) as AppDeps;
  const month = lastDay.slice(0, 7);
  const page = { page: 1, pageSize: 20 };
  return [
    { name: 'merchant wall, county', run: (db) => merchantWall({ deps: depsOf(db) }) },
    // …and as the route answers it: the presenter matched each merchant's counts and activities.
    {
      name: 'merchant wall, county, presented',
      run: async (db) => presentWall(await merchantWall({ deps: depsOf(db) })),
    },
    {
      name: 'merchant wall, community with most merchants',
      run: (db) => merchantWall({ deps: depsOf(db), communityId: largest.community_id }),
    },
    // Writes the month's ratings once (later rounds find them kept and insert nothing): the copy is the bench's.
    { name: 'monthly re-rating, every merchant', run: (db) => rerateMonth(depsOf(db), month) },
    {
      name: 'resident search: name, county',
      run: (db) => searchResidents(db, { communityIds: 'all', q: '秀英', ...page }),
    },
    {
      name: 'resident search: rare name, county',
      run: (db) => searchResidents(db, { communityIds: 'all', q: '钱秀', ...page }),
    },
    ...(cursor
      ? [
          {
            name: 'audit log, page 2,000 by cursor',
            run: (db: AppDeps['db']) =>
              listAuditEntries(db, { page: 2000, pageSize: 20, before: cursor.id } as Parameters<
                typeof listAuditEntries
              >[1]),
          },
        ]
      : []),
  ];
}
