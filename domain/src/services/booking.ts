/**
 * A booking has one state: in the day's queue (waiting → called → served, or no_show; 暂离 is
 * `away` and back to `waiting`, called before new numbers), or cancelled (its place freed).
 */
export const BOOKING_STATES = ['waiting', 'called', 'away', 'served', 'no_show', 'cancelled'] as const;
export type BookingState = (typeof BOOKING_STATES)[number];

/** The call screen's short labels, also the bookings export's. */
export const BOOKING_STATE_LABELS: Record<BookingState, string> = {
  waiting: '等候',
  called: '已叫到',
  away: '暂离',
  served: '已完成',
  no_show: '未到',
  cancelled: '已取消',
};

/**
 * The steps a booking takes, each only from the states listed — the server's conditional UPDATE
 * is keyed on them, so a double tap or a second barber finds the booking moved and changes nothing.
 * A booking is cancelled only before it is called (waiting, or stepped out).
 */
export const BOOKING_STEPS = {
  call: { from: ['waiting'], to: 'called' },
  away: { from: ['waiting', 'called'], to: 'away' },
  back: { from: ['away'], to: 'waiting' },
  serve: { from: ['waiting', 'called', 'away'], to: 'served' },
  noShow: { from: ['waiting', 'called', 'away'], to: 'no_show' },
  cancel: { from: ['waiting', 'away'], to: 'cancelled' },
} as const satisfies Record<string, { from: readonly BookingState[]; to: BookingState }>;
export type BookingStep = keyof typeof BOOKING_STEPS;

export function canTakeStep(state: BookingState, step: BookingStep): boolean {
  return (BOOKING_STEPS[step].from as readonly BookingState[]).includes(state);
}

/** A booking that still holds its place (everything but cancelled). */
export const isBookingLive = (state: BookingState): boolean => state !== 'cancelled';

/**
 * Whether a service session (场次) can be booked now, and the words for a refused booking — one
 * rule for the server (which refuses with SESSION_CLOSED / BOOKING_NOT_OPEN) and the web (which
 * shows 已结束 / 将于…开放 / 已满 before anyone taps).
 */
export type ServiceSessionBookability = 'cancelled' | 'past' | 'not_open' | 'full' | 'open';

export interface BookableServiceSession {
  status: 'open' | 'cancelled';
  /** booking opens at this instant (ISO), e.g. 7 days ahead at 08:00 */
  bookingOpensAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
}

/**
 * In this order: called off (`cancelled`); over once it ends — a walk-in can still take a number
 * while it runs (`past` from its end); before the opening minute (`not_open`, never for a walk-in,
 * who is at the desk on the day); every place taken (`full`); otherwise `open`. On the server the
 * conditional UPDATE that takes the place is what guarantees `full`; this only says it early.
 */
export function serviceSessionBookability(
  session: BookableServiceSession,
  now: Date | number,
  { walkIn = false }: { walkIn?: boolean } = {},
): ServiceSessionBookability {
  const at = typeof now === 'number' ? now : now.getTime();
  if (session.status === 'cancelled') return 'cancelled';
  if (Date.parse(session.endsAt) <= at) return 'past';
  if (!walkIn && Date.parse(session.bookingOpensAt) > at) return 'not_open';
  if (session.booked >= session.capacity) return 'full';
  return 'open';
}

/** Why a resident may not book (NOT_ELIGIBLE's `reason`), in the words both the server and the web use. */
export function notEligibleText(reason: 'AGE' | 'SCOPE', minAge: number | null | undefined): string {
  return reason === 'AGE' ? `年满${minAge ?? 60}周岁的老人才能预约（以服务当天计）` : '目前只对本社区居民开放';
}

/** The monthly booking limit of a service (LIMIT_REACHED's `limit`): '每人每月限预约 1 次'. */
export function bookingLimitText(limit: number): string {
  return `每人每月限预约 ${limit} 次`;
}

/**
 * 本月已约: the resident has used the service's monthly limit in the session's month, so the page
 * offers no 预约 button (the server would answer LIMIT_REACHED after 确认).
 */
export function monthLimitUsed(
  usage: { monthlyLimit: number | null; months: { month: string; used: number }[] },
  sessionDate: string,
): boolean {
  if (usage.monthlyLimit == null) return false;
  const used = usage.months.find((m) => m.month === sessionDate.slice(0, 7))?.used ?? 0;
  return used >= usage.monthlyLimit;
}
