import {
  maskName,
  PARTNER_KIND_LABELS,
  type TActivityCategory,
  type TMyActivity,
  type TPublicActivity,
  type TRegistrationRow,
  type TStaffActivity,
} from '@zhongli/domain';
import type {
  ActivityRow,
  listCategories,
  listRegistrations,
  myRegistrations,
  needsOf,
  partnersOf,
} from './activities.repository.js';
import type { activitySponsors } from '../merchants/index.js';

type PartnerRow = Awaited<ReturnType<typeof partnersOf>>[number];
type NeedRow = Awaited<ReturnType<typeof needsOf>>[number];
type SponsorRow = Awaited<ReturnType<typeof activitySponsors>>[number];

/** What an activity shows besides its own row: its partners, the needs it answers, sponsors, waitlist and points. */
export interface ActivityExtras {
  partners: PartnerRow[];
  needs: NeedRow[];
  /** Merchants whose recorded contributions name this activity (赞助、摊位、服务). */
  sponsors: SponsorRow[];
  waitlisted: number;
  rule: { name: string; points: number } | null;
}

/** An activity as the use cases hand it to presenters: the row and what belongs to it. */
export interface ActivityView {
  row: ActivityRow;
  extras: ActivityExtras;
}

/** What everyone may see of an activity: no personal data, changes and cancellations marked. */
export function presentPublicActivity({ row: a, extras }: ActivityView): TPublicActivity {
  return {
    id: a.id,
    communityId: a.community_id,
    communityName: a.community_name,
    title: a.title,
    category: a.category,
    venue: a.venue_name ?? a.place,
    venueId: a.venue_id,
    startsAt: a.starts_at,
    endsAt: a.ends_at,
    week: a.week,
    capacity: a.capacity,
    registered: a.registered,
    remaining: a.capacity == null ? null : Math.max(0, a.capacity - a.registered),
    waitlisted: extras.waitlisted,
    status: a.status,
    changed: a.changed_at != null,
    changedAt: a.changed_at,
    changeNote: a.change_note,
    cancelReason: a.cancel_reason,
    description: a.description,
    points: extras.rule ? { name: extras.rule.name, points: extras.rule.points } : null,
    volunteerService: a.volunteer_service === 1,
    partners: extras.partners.map((p) => ({
      id: p.id,
      name: p.name,
      kind: p.kind,
      kindLabel: PARTNER_KIND_LABELS[p.kind],
      merchantId: p.merchant_id,
    })),
    answersNeeds: extras.needs.map((n) => ({ id: n.id, text: n.text, supports: n.supports })),
    sponsors: extras.sponsors.map((s) => ({
      merchantId: s.id,
      name: s.name,
      partyAlliance: s.party_alliance === 1,
      kind: s.kind,
      description: s.description,
    })),
  };
}

export function presentStaffActivity(view: ActivityView): TStaffActivity {
  const a = view.row;
  return {
    ...presentPublicActivity(view),
    returnReason: a.return_reason,
    pointsRuleId: a.points_rule_id,
    publishedAt: a.published_at,
    createdAt: a.created_at,
    updatedAt: a.updated_at,
  };
}

type RegistrationRow = Awaited<ReturnType<typeof listRegistrations>>[number];
/** Staff see full names of residents they serve; a neighbour from another community stays masked. */
export function presentRegistration({
  row: r,
  showName,
}: {
  row: RegistrationRow;
  showName: boolean;
}): TRegistrationRow {
  return {
    id: r.id,
    residentId: r.resident_id,
    nameMasked: maskName(r.name),
    ...(showName ? { name: r.name } : {}),
    status: r.status,
    ...(r.waitlist_position != null ? { position: r.waitlist_position } : {}),
    checkedInAt: r.checked_in_at,
    checkedOutAt: r.checked_out_at,
    at: r.created_at,
  };
}

type MyRegistrationRow = Awaited<ReturnType<typeof myRegistrations>>[number];
/** One of my sign-ups: where I stand, whether I checked in, and the activity as everyone sees it. */
export function presentMyActivity({
  registration,
  view,
}: {
  registration: MyRegistrationRow['registration'];
  view: ActivityView;
}): TMyActivity {
  return {
    registration: { id: registration.id, status: registration.status, position: registration.position },
    checkedInAt: registration.checkedInAt,
    checkedOutAt: registration.checkedOutAt,
    activity: presentPublicActivity(view),
  };
}

type CategoryRow = Awaited<ReturnType<typeof listCategories>>[number];
export const presentCategory = (c: CategoryRow): TActivityCategory => ({ id: c.id, name: c.name });
