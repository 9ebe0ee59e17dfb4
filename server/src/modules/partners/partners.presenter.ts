import {
  maskPhone,
  PARTNER_ACTIVITIES_PAGE_SIZE,
  type TPartner,
  type TPartnerActivity,
  type TPartnerDetail,
} from '@zhongli/domain';
import type { Actor } from '../../platform/actor.js';
import { canManagePartner } from './partners.policy.js';
import type { PartnerActivityRow, PartnerRow } from './partners.repository.js';
import type { PartnerDetail } from './partners.service.js';

/** A landline keeps its area code and last four digits; a mobile is masked as everywhere. */
function maskContactPhone(phone: string): string {
  if (!phone.startsWith('0')) return maskPhone(phone);
  const [area = '', number = ''] = phone.split('-');
  return `${area}-****${number.slice(-4)}`;
}

export function presentPartner(actor: Actor) {
  return (p: PartnerRow): TPartner => ({
    id: p.id,
    kind: p.kind,
    name: p.name,
    merchantId: p.merchant_id,
    communityId: p.community_id,
    contactPerson: p.contact_person,
    phoneMasked: p.phone ? maskContactPhone(p.phone) : null,
    archived: p.archived_at !== null,
    canEdit: canManagePartner(actor, p),
  });
}

/** The result's first line, as a headline for the list. */
function headline(summary: string): string {
  const first = summary.split('\n').find((line) => line.trim()) ?? '';
  return first.length > 60 ? `${first.slice(0, 59)}…` : first;
}

function presentPartnerActivity(a: PartnerActivityRow): TPartnerActivity {
  return {
    id: a.id,
    week: a.week,
    title: a.title,
    startsAt: a.starts_at,
    communityId: a.community_id,
    communityName: a.community_name,
    status: a.status,
    named: Boolean(a.named),
    thanked: Boolean(a.thanked),
    result:
      a.result_summary !== null && a.result_attendance !== null
        ? { headline: headline(a.result_summary), attendance: a.result_attendance }
        : null,
  };
}

export function presentPartnerDetail(d: PartnerDetail): TPartnerDetail {
  const p = d.partner;
  return {
    id: p.id,
    kind: p.kind,
    name: p.name,
    merchant: d.merchant ? { id: d.merchant.id, name: d.merchant.name } : null,
    community: d.community ? { id: d.community.id, name: d.community.name } : null,
    contactPerson: p.contact_person,
    phone: p.phone,
    notes: p.notes,
    archivedAt: p.archived_at,
    createdAt: p.created_at,
    canEdit: d.canEdit,
    activities: {
      items: d.activities.rows.map(presentPartnerActivity),
      page: d.page,
      pageSize: PARTNER_ACTIVITIES_PAGE_SIZE,
      total: d.activities.total,
    },
  };
}
