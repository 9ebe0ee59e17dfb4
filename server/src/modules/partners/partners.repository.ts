import { sql } from 'kysely';
import type { PartnerKind } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';

export interface PartnerFilter {
  /** these communities' partners and the county-wide ones (a picker: one community), or every partner */
  communityIds: number[] | 'all';
  kind?: PartnerKind;
  /** part of the name or the contact person */
  q?: string;
  archived: 'active' | 'all' | 'only';
}

export function listPartners(db: Db, filter: PartnerFilter) {
  let q = db.selectFrom('partners').selectAll().orderBy('kind').orderBy('id');
  const communityIds = filter.communityIds;
  if (communityIds !== 'all')
    q = q.where((eb) =>
      eb.or([eb('community_id', 'is', null), ...(communityIds.length ? [eb('community_id', 'in', communityIds)] : [])]),
    );
  if (filter.kind) q = q.where('kind', '=', filter.kind);
  if (filter.q) {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('name', 'like', sql<string>`${pattern} escape '\\'`),
        eb('contact_person', 'like', sql<string>`${pattern} escape '\\'`),
      ]),
    );
  }
  if (filter.archived === 'active') q = q.where('archived_at', 'is', null);
  if (filter.archived === 'only') q = q.where('archived_at', 'is not', null);
  return q.execute();
}
export type PartnerRow = Awaited<ReturnType<typeof listPartners>>[number];

export function findPartner(db: Db | Trx, id: number) {
  return db.selectFrom('partners').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findPartners(db: Db | Trx, ids: number[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('partners').selectAll().where('id', 'in', ids).execute();
}

export async function insertPartner(
  trx: Trx,
  p: {
    kind: PartnerKind;
    name: string;
    merchantId: number | null;
    communityId: number | null;
    contactPerson: string | null;
    phone: string | null;
    notes: string | null;
    at: string;
  },
) {
  const row = await trx
    .insertInto('partners')
    .values({
      kind: p.kind,
      name: p.name,
      merchant_id: p.merchantId,
      community_id: p.communityId,
      contact_person: p.contactPerson,
      phone: p.phone,
      notes: p.notes,
      created_at: p.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updatePartner(
  trx: Trx,
  id: number,
  change: { name?: string; contact_person?: string | null; phone?: string | null; notes?: string | null },
) {
  await trx.updateTable('partners').set(change).where('id', '=', id).execute();
}

/** Archives or restores; false when it already was (the condition makes a double click harmless). */
export async function setArchived(trx: Trx, id: number, archivedAt: string | null): Promise<boolean> {
  const result = await trx
    .updateTable('partners')
    .set({ archived_at: archivedAt })
    .where('id', '=', id)
    .where('archived_at', archivedAt ? 'is' : 'is not', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The activities a partner is named on or thanked in the result of, newest first, one page. */
export async function activitiesOfPartner(db: Db, partnerId: number, page: { limit: number; offset: number }) {
  const ofPartner = db
    .selectFrom('activities')
    .where((eb) =>
      eb.or([
        eb(
          'activities.id',
          'in',
          eb.selectFrom('activity_partners').select('activity_id').where('partner_id', '=', partnerId),
        ),
        eb(
          'activities.id',
          'in',
          eb.selectFrom('activity_result_partners').select('activity_id').where('partner_id', '=', partnerId),
        ),
      ]),
    );
  const [rows, total] = await Promise.all([
    ofPartner
      .innerJoin('communities', 'communities.id', 'activities.community_id')
      .leftJoin('activity_results', 'activity_results.activity_id', 'activities.id')
      .select([
        'activities.id',
        'activities.week',
        'activities.title',
        'activities.starts_at',
        'activities.community_id',
        'communities.name as community_name',
        'activities.status',
        'activity_results.summary as result_summary',
        'activity_results.attendance as result_attendance',
        (eb) =>
          eb
            .exists(
              eb
                .selectFrom('activity_partners')
                .select('activity_id')
                .whereRef('activity_partners.activity_id', '=', 'activities.id')
                .where('activity_partners.partner_id', '=', partnerId),
            )
            .as('named'),
        (eb) =>
          eb
            .exists(
              eb
                .selectFrom('activity_result_partners')
                .select('activity_id')
                .whereRef('activity_result_partners.activity_id', '=', 'activities.id')
                .where('activity_result_partners.partner_id', '=', partnerId),
            )
            .as('thanked'),
      ])
      .orderBy('activities.starts_at', 'desc')
      .orderBy('activities.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    ofPartner.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}
export type PartnerActivityRow = Awaited<ReturnType<typeof activitiesOfPartner>>['rows'][number];
