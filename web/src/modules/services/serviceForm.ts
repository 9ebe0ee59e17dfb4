import { toHalfWidth, type TService, type TServiceCreate, type TServiceUpdate } from '@zhongli/domain';
import { parseFeeYuan } from './format';

/** The service form as staff fill it: text where people type (元, "5、15"), numbers where they pick. */
export interface ServiceFormSession {
  period: string;
  start: string;
  end: string;
  capacity: number;
}

export interface ServiceForm {
  name: string;
  communityId: number | undefined;
  venueId: number | undefined;
  priceYuan: string;
  ruleKind: 'monthly' | 'weekly';
  daysText: string;
  weekdays: number[];
  sessions: ServiceFormSession[];
  holidayPolicy: 'skip' | 'next_day';
  minAge: number | undefined;
  scope: 'community' | 'county';
  bookingOpensDaysAhead: number;
  bookingOpensAt: string;
  monthlyLimit: number | undefined;
  volunteersPerSession: number;
  residentNote: string;
  companionNote: string;
}

export function emptyServiceForm(): ServiceForm {
  return {
    name: '',
    communityId: undefined,
    venueId: undefined,
    priceYuan: '0',
    ruleKind: 'monthly',
    daysText: '',
    weekdays: [],
    sessions: [{ period: '上午', start: '08:30', end: '11:30', capacity: 20 }],
    holidayPolicy: 'skip',
    minAge: 60,
    scope: 'community',
    bookingOpensDaysAhead: 7,
    bookingOpensAt: '08:00',
    monthlyLimit: undefined,
    volunteersPerSession: 0,
    residentNote: '',
    companionNote: '',
  };
}

export function serviceFormOf(s: TService): ServiceForm {
  return {
    name: s.name,
    communityId: s.communityId,
    venueId: s.venueId ?? undefined,
    priceYuan: String(s.priceFen / 100),
    ruleKind: s.schedule.kind,
    daysText: s.schedule.kind === 'monthly' ? s.schedule.daysOfMonth.join('、') : '',
    weekdays: s.schedule.kind === 'weekly' ? [...s.schedule.weekdays] : [],
    sessions: s.schedule.sessions.map((x) => ({ ...x })),
    holidayPolicy: s.holidayPolicy,
    minAge: s.eligibility.minAge ?? undefined,
    scope: s.eligibility.scope,
    bookingOpensDaysAhead: s.bookingOpens.daysAhead,
    bookingOpensAt: s.bookingOpens.time,
    monthlyLimit: s.monthlyLimit ?? undefined,
    volunteersPerSession: s.volunteersPerSession,
    residentNote: s.residentNote ?? '',
    companionNote: s.companionNote ?? '',
  };
}

/**
 * "5、15", "5,15", "５ 15号" → [5, 15]; numbers out of range are kept so the schema names the field.
 * NaN (a word that is not a number) is returned as such for the same reason.
 */
export function parseDaysOfMonth(text: string): number[] {
  const parts = toHalfWidth(text)
    .replace(/[号日]/g, ' ')
    .split(/[\s,，、;；]+/)
    .filter(Boolean);
  const days = parts.map((p) => (/^\d{1,2}$/.test(p) ? Number(p) : Number.NaN));
  return [...new Set(days)].sort((a, b) => a - b);
}

function scheduleOf(f: ServiceForm): TServiceCreate['schedule'] {
  const sessions = f.sessions.map((s) => ({ ...s, period: s.period.trim() }));
  return f.ruleKind === 'monthly'
    ? { daysOfMonth: parseDaysOfMonth(f.daysText), sessions }
    : { weekdays: [...f.weekdays].sort((a, b) => a - b), sessions };
}

/** The body of POST /api/services. A price that is not an amount becomes -1, which the schema refuses by name. */
export function createBodyOf(f: ServiceForm): TServiceCreate {
  return {
    name: f.name.trim(),
    communityId: f.communityId ?? 0,
    ...(f.venueId ? { venue: f.venueId } : {}),
    priceFen: parseFeeYuan(f.priceYuan) ?? -1,
    schedule: scheduleOf(f),
    holidayPolicy: f.holidayPolicy,
    eligibility: { minAge: f.minAge ?? null, scope: f.scope },
    bookingOpensDaysAhead: f.bookingOpensDaysAhead,
    bookingOpensAt: f.bookingOpensAt,
    volunteersPerSession: f.volunteersPerSession,
    monthlyLimit: f.monthlyLimit ?? null,
    residentNote: f.residentNote.trim(),
    companionNote: f.companionNote.trim(),
  };
}

/** The body of PATCH /api/services/:id: only what changed (the server regenerates sessions for schedule changes). */
export function updateBodyOf(before: TService, f: ServiceForm, applyToOpenSessions: boolean): TServiceUpdate {
  const next = createBodyOf(f);
  const was = createBodyOf(serviceFormOf(before));
  const body: TServiceUpdate = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (next.name !== was.name) body.name = next.name;
  if ((f.venueId ?? null) !== (before.venueId ?? null)) body.venue = f.venueId ?? null;
  if (next.priceFen !== was.priceFen) body.priceFen = next.priceFen;
  if (!same(next.schedule, was.schedule)) body.schedule = next.schedule;
  if (next.holidayPolicy !== was.holidayPolicy) body.holidayPolicy = next.holidayPolicy;
  if (!same(next.eligibility, was.eligibility)) body.eligibility = next.eligibility;
  if (next.bookingOpensDaysAhead !== was.bookingOpensDaysAhead) body.bookingOpensDaysAhead = next.bookingOpensDaysAhead;
  if (next.bookingOpensAt !== was.bookingOpensAt) body.bookingOpensAt = next.bookingOpensAt;
  if (next.volunteersPerSession !== was.volunteersPerSession) body.volunteersPerSession = next.volunteersPerSession;
  if (next.monthlyLimit !== was.monthlyLimit) body.monthlyLimit = next.monthlyLimit;
  if (next.residentNote !== was.residentNote) body.residentNote = next.residentNote || null;
  if (next.companionNote !== was.companionNote) body.companionNote = next.companionNote || null;
  // On its own too: a service widened earlier lets its open sessions follow in a later edit.
  if (applyToOpenSessions && f.scope === 'county') body.applyToOpenSessions = true;
  return body;
}
