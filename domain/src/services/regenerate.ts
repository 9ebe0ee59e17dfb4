import type { GeneratedServiceSession } from './schedule.js';

/**
 * What editing a service's schedule or places does to its sessions. Pure: the server passes the
 * service's sessions that start after now and what the new rule generates over the same horizon.
 *
 * A session is kept exactly as it is when anyone ever booked it (a booking row in any state: a
 * cancelled booking can be revived and keeps its queue history), when it was called off, or when
 * a volunteer asked to swap or drop it — people were told about that session, so it stays.
 * Every other future session follows the new rule: updated in place when the rule still has its
 * date and period, removed otherwise; dates and periods the rule adds are created.
 */
export interface ExistingServiceSession {
  id: number;
  date: string;
  period: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  bookingOpensAt: string;
  /** anyone booked it, it was cancelled, or the rota has a request on it */
  pinned: boolean;
}

export interface PlannedServiceSession {
  date: string;
  period: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  bookingOpensAt: string;
}

export interface RegenerationPlan {
  add: PlannedServiceSession[];
  update: (PlannedServiceSession & { id: number })[];
  remove: { id: number; date: string; period: string }[];
  /** pinned sessions the new rule would have removed or changed */
  keep: { id: number; date: string; period: string }[];
}

const keyOf = (s: { date: string; period: string }) => `${s.date} ${s.period}`;

export function planRegeneration(
  existing: ExistingServiceSession[],
  desired: (GeneratedServiceSession & { bookingOpensAt: string })[],
  now: string,
): RegenerationPlan {
  const wanted = new Map(desired.filter((d) => d.startsAt > now).map((d) => [keyOf(d), d]));
  const plan: RegenerationPlan = { add: [], update: [], remove: [], keep: [] };
  const seen = new Set<string>();
  for (const e of existing) {
    if (e.startsAt <= now) continue; // the past (and a session under way) is never touched
    const key = keyOf(e);
    seen.add(key);
    const want = wanted.get(key);
    const same =
      !!want &&
      want.startsAt === e.startsAt &&
      want.endsAt === e.endsAt &&
      want.capacity === e.capacity &&
      want.bookingOpensAt === e.bookingOpensAt;
    if (same) continue;
    const ref = { id: e.id, date: e.date, period: e.period };
    if (e.pinned) plan.keep.push(ref);
    else if (want) plan.update.push({ id: e.id, ...pick(want) });
    else plan.remove.push(ref);
  }
  for (const [key, want] of wanted) if (!seen.has(key)) plan.add.push(pick(want));
  return plan;
}

function pick(s: PlannedServiceSession): PlannedServiceSession {
  return {
    date: s.date,
    period: s.period,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    capacity: s.capacity,
    bookingOpensAt: s.bookingOpensAt,
  };
}
