import {
  bookingLimitText,
  monthLimitUsed,
  countyClockOf,
  countyDateOf,
  notEligibleText,
  parseCalendarDate,
  serviceSessionBookability,
  toHalfWidth,
  type ServiceSessionBookability,
} from '@zhongli/domain';
import { formatDateZh } from '../../shared/dates';
import { ApiError, messageOf } from '../../shared/http';
import type { TBookingState, TMyServiceUsage, TQueueEntry, TService, TServiceSession } from '@zhongli/domain';

const DAY_MS = 86_400_000;
const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/** '2026-12-05' → '12月5日'. */
export function monthDayZh(date: string): string {
  const parsed = parseCalendarDate(date);
  return parsed ? `${parsed.month}月${parsed.day}日` : date;
}

/** An instant (ISO) on the county's clock: { date: 'YYYY-MM-DD', time: 'HH:MM' }. */
function countyWhen(iso: string): { date: string; time: string } {
  const instant = new Date(iso);
  return { date: countyDateOf(instant), time: countyClockOf(instant).time };
}

/** '14:30' → '2:30', '08:30' → '8:30' (the period word 上午/下午 goes in front). */
export function clock12(hhmm: string): string {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  return `${h > 12 ? h - 12 : h}:${String(m).padStart(2, '0')}`;
}

/** '上午 8:30–11:30' from a session's instants. */
export function serviceSessionTimeText(session: { period: string; startsAt: string; endsAt: string }): string {
  return `${session.period} ${clock12(countyWhen(session.startsAt).time)}–${clock12(countyWhen(session.endsAt).time)}`;
}

/** '12月5日 周六 上午 8:30–11:30' (year added when not this year). */
export function serviceSessionWhenText(
  session: { date: string; period: string; startsAt: string; endsAt: string },
  now: Date = new Date(),
): string {
  return `${formatDateZh(session.date, Number(countyDateOf(now).slice(0, 4)))} ${serviceSessionTimeText(session)}`;
}

/** '12月5日 周六 上午 8:30' — a session known only by its start (rota, gaps). */
export function serviceSessionStartText(
  session: { date: string; period: string; startsAt: string },
  now: Date = new Date(),
): string {
  return `${formatDateZh(session.date, Number(countyDateOf(now).slice(0, 4)))} ${session.period} ${clock12(countyWhen(session.startsAt).time)}`;
}

/** '¥1', '¥1.50', '免费'. */
export function priceText(priceFen: number): string {
  if (priceFen <= 0) return '免费';
  const yuan = priceFen / 100;
  return `¥${Number.isInteger(yuan) ? yuan : yuan.toFixed(2)}`;
}

/** Fen as '1.00' for amounts in tables and the fee box. */
export function yuanText(fen: number): string {
  return (fen / 100).toFixed(2);
}

/** The fee typed on the call screen, in yuan ('1', '1.5', '１'), as fen; null when it is not an amount. */
export function parseFeeYuan(raw: string): number | null {
  const text = toHalfWidth(raw)
    .trim()
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '')
    .trim();
  if (!/^\d{1,4}(\.\d{1,2})?$/.test(text)) return null;
  return Math.round(Number(text) * 100);
}

/** Who may book: '年满60周岁的苗圃社区居民' / '年满60周岁的全县居民' / '全县居民'. */
export function eligibilityText(service: Pick<TService, 'eligibility' | 'communityName'>): string {
  const where = service.eligibility.scope === 'county' ? '全县居民' : `${service.communityName}居民`;
  return service.eligibility.minAge ? `年满${service.eligibility.minAge}周岁的${where}` : where;
}

/** '每月5日、15日' / '每周二、周四'. */
export function scheduleDaysText(schedule: TService['schedule']): string {
  if (schedule.kind === 'monthly') return `每月${(schedule.daysOfMonth ?? []).map((d) => `${d}日`).join('、')}`;
  return `每${(schedule.weekdays ?? []).map((d) => WEEKDAY_NAMES[d] ?? '').join('、')}`;
}

/** '上午 8:30–11:30、下午 2:30–5:00，每场25个名额'. */
export function scheduleServiceSessionsText(schedule: TService['schedule']): string {
  const parts = schedule.sessions.map((s) => `${s.period} ${clock12(s.start)}–${clock12(s.end)}`);
  const capacities = [...new Set(schedule.sessions.map((s) => s.capacity))];
  const places = capacities.length === 1 ? `，每场${capacities[0]}个名额` : '';
  return `${parts.join('、')}${places}`;
}

/** '提前7天 08:00 开放预约'. */
export function bookingOpensText(service: Pick<TService, 'bookingOpens'>): string {
  const { daysAhead, time } = service.bookingOpens;
  return daysAhead > 0 ? `每场提前${daysAhead}天 ${time} 开放预约` : `当天 ${time} 开放预约`;
}

/** '12月5日的名额将于11月28日 08:00 开放'. */
export function openingText(sessionDate: string, opensAt: string): string {
  const { date, time } = countyWhen(opensAt);
  return `${monthDayZh(sessionDate)}的名额将于${monthDayZh(date)} ${time} 开放`;
}

/** Whether a resident can book the session now (the rule the server applies: `serviceSessionBookability`). */
export function serviceSessionState(
  session: Pick<TServiceSession, 'status' | 'endsAt' | 'bookingOpensAt' | 'capacity' | 'booked'>,
  now: number = Date.now(),
): ServiceSessionBookability {
  return serviceSessionBookability(session, now);
}

/** A session in the desk's 场次 list (代预约 / 现场取号). */
export interface DeskSessionChoice {
  id: number;
  date: string;
  /** in the list: '12月5日 周六 上午 8:30–11:30（剩 17）' / '…（12月3日 08:00 开放预约）' / '…（已满）' */
  label: string;
  /** on the slip: '12月5日 周六 上午 8:30–11:30' */
  text: string;
  /** 代预约 can go through now (booking open, places left) */
  bookable: boolean;
  /** nothing can be done with it at this desk: shown greyed out, not chosen */
  disabled: boolean;
}

/**
 * The desk's words for a session before anyone presses 代预约, by the rule the server applies
 * (`serviceSessionBookability`): staff saw 还没到预约时间 / 已满 only after pressing. A session whose
 * booking has not opened stays choosable for 现场取号 on its own day (a walk-in skips the opening
 * minute), when this desk hands out numbers; `null` for a session already over.
 */
export function deskSessionChoice(
  session: Pick<
    TServiceSession,
    'id' | 'date' | 'period' | 'startsAt' | 'endsAt' | 'status' | 'bookingOpensAt' | 'capacity' | 'booked' | 'remaining'
  >,
  { walkIn, now = Date.now() }: { walkIn: boolean; now?: number },
): DeskSessionChoice | null {
  const text = serviceSessionWhenText(session, new Date(now));
  const choice = (note: string, bookable: boolean, disabled: boolean): DeskSessionChoice => ({
    id: session.id,
    date: session.date,
    label: `${text}（${note}）`,
    text,
    bookable,
    disabled,
  });
  switch (serviceSessionState(session, now)) {
    case 'past':
      return null;
    case 'cancelled':
      return choice('已取消', false, true);
    case 'full':
      return choice('已满', false, true);
    case 'not_open': {
      const { date, time } = countyWhen(session.bookingOpensAt);
      const walkInToday = walkIn && session.date === countyDateOf(new Date(now));
      return choice(`${monthDayZh(date)} ${time} 开放预约`, false, !walkInToday);
    }
    case 'open':
      return choice(`剩 ${session.remaining}`, true, false);
  }
}

/** What a session row says: '剩余12个名额' / '已满' / '12月5日的名额将于…开放' / '已取消：…' / '已结束'. */
export function serviceSessionStateText(
  session: Pick<
    TServiceSession,
    'status' | 'endsAt' | 'bookingOpensAt' | 'capacity' | 'booked' | 'remaining' | 'date' | 'cancelReason'
  >,
  now: number = Date.now(),
): string {
  switch (serviceSessionState(session, now)) {
    case 'cancelled':
      return session.cancelReason ? `已取消：${session.cancelReason}` : '已取消';
    case 'past':
      return '已结束';
    case 'not_open':
      return openingText(session.date, session.bookingOpensAt);
    case 'full':
      return '已满';
    case 'open':
      return `剩余${session.remaining}个名额`;
  }
}

/**
 * A refused booking in plain words, from the code and what the server put beside it (never from
 * its message text): NOT_ELIGIBLE (reason AGE / SCOPE, minAge), SESSION_FULL, ALREADY_BOOKED
 * (queueNumber), BOOKING_NOT_OPEN (opensAt), LIMIT_REACHED (limit).
 */
export function bookingErrorText(error: unknown, context: { sessionDate?: string } = {}): string {
  if (!(error instanceof ApiError)) return messageOf(error);
  switch (error.code) {
    case 'NOT_ELIGIBLE': {
      const { reason, minAge } = error.extra;
      if (reason === 'AGE' || reason === 'SCOPE')
        return notEligibleText(reason, typeof minAge === 'number' ? minAge : undefined);
      return error.message;
    }
    case 'SESSION_FULL':
      return '这一场的名额已经约满了，请选择其他场次';
    case 'ALREADY_BOOKED': {
      const n = error.extra.queueNumber;
      return typeof n === 'number'
        ? `已经预约了这一场，排队号是 ${n} 号，不用重复预约`
        : '已经预约了这一场，不用重复预约';
    }
    case 'SESSION_CLOSED':
      return '这一场已经结束或取消了，请选择其他场次';
    case 'BOOKING_NOT_OPEN': {
      const opensAt = error.extra.opensAt;
      if (typeof opensAt === 'string' && context.sessionDate)
        return `还没到预约时间：${openingText(context.sessionDate, opensAt)}`;
      if (typeof opensAt === 'string') {
        const { date, time } = countyWhen(opensAt);
        return `还没到预约时间，将于${monthDayZh(date)} ${time} 开放`;
      }
      return '还没到预约时间';
    }
    case 'LIMIT_REACHED': {
      const limit = error.extra.limit;
      return typeof limit === 'number'
        ? `${bookingLimitText(limit)}，本月不能再约了`
        : '本月的预约次数已用完，本月不能再约了';
    }
    default:
      return error.message;
  }
}

/** A resident's own booking: '已预约，等候叫号' / '已叫到，请到理发屋' / '暂离' / '已完成' / '未到' / '已取消'. */
export function myBookingText(state: TBookingState, venue?: string | null): string {
  switch (state) {
    case 'cancelled':
      return '已取消';
    case 'called':
      return `已叫到，请到${venue || '服务台'}`;
    case 'away':
      return '暂离（回来后告诉志愿者，会优先叫您）';
    case 'served':
      return '已完成';
    case 'no_show':
      return '未到（已过号）';
    default:
      return '已预约，等候叫号';
  }
}

/** The call screen's short labels (in `domain/`: the bookings export uses them too). */
export { BOOKING_STATE_LABELS } from '@zhongli/domain';

const QUEUE_ORDER: Record<TBookingState, number> = {
  called: 0,
  waiting: 1,
  away: 2,
  served: 3,
  no_show: 4,
  cancelled: 5,
};

/**
 * The call screen's list: whoever is called first, then the waiting in number order, then those
 * who stepped out (暂离), then the finished ones, most recent first — the work is at the top.
 */
export function orderQueue<T extends Pick<TQueueEntry, 'state' | 'queueNumber'>>(
  entries: T[],
  callOrder: number[] = [],
): T[] {
  // `callOrder` is the hall display's "next" list: who is back from 暂离 is called before new numbers
  const rank = (n: number) => {
    const i = callOrder.indexOf(n);
    return i < 0 ? callOrder.length : i;
  };
  return [...entries].sort((a, b) => {
    const byState = QUEUE_ORDER[a.state] - QUEUE_ORDER[b.state];
    if (byState) return byState;
    if (a.state === 'served' || a.state === 'no_show') return b.queueNumber - a.queueNumber;
    if (a.state === 'waiting') return rank(a.queueNumber) - rank(b.queueNumber) || a.queueNumber - b.queueNumber;
    return a.queueNumber - b.queueNumber;
  });
}

/** 'YYYY-MM-DD' plus days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** '2026-12' → '2026年12月'. */
export function monthLabelZh(month: string): string {
  const [year, m] = month.split('-');
  return `${year}年${Number(m)}月`;
}

/** Sessions grouped by date, in date order, each day's sessions in time order. */
export function groupByDate<T extends { date: string; startsAt: string }>(
  sessions: T[],
): { date: string; sessions: T[] }[] {
  const map = new Map<string, T[]>();
  for (const s of [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt))) {
    const list = map.get(s.date) ?? [];
    list.push(s);
    map.set(s.date, list);
  }
  return [...map.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([date, list]) => ({ date, sessions: list }));
}

/**
 * The resident home's entry to the services, in the services' own words: one service → its name
 * and who it is for (and the lead of its companion note, "理发、问诊两不误"); several → their names;
 * none → no tile at all.
 */
export function homeServiceTile(services: TService[]): { title: string; label: string } | null {
  if (!services.length) return null;
  if (services.length > 1) return { title: '社区服务预约', label: services.map((s) => s.name).join('、') };
  const s = services[0]!;
  const who = s.eligibility.minAge
    ? `${s.eligibility.minAge}岁以上老人`
    : s.eligibility.scope === 'county'
      ? '全县居民'
      : `${s.communityName}居民`;
  const lead = s.companionNote?.split(/[：:]/)[0]?.trim();
  return {
    title: `${s.name}预约`,
    label: lead && lead.length <= 12 && lead !== s.companionNote ? `${who} · ${lead}` : who,
  };
}

/**
 * What a session row offers the signed-in resident: their own number, 本月已约 (the monthly limit of
 * that month is used: no 预约 button, the server would refuse after 确认), 预约, or nothing.
 */
export function sessionOffer(
  session: TServiceSession,
  o: { booked: boolean; usage: TMyServiceUsage | undefined; now: number },
): 'mine' | 'month-used' | 'book' | 'none' {
  if (o.booked) return 'mine';
  if (serviceSessionState(session, o.now) !== 'open') return 'none';
  if (o.usage && monthLimitUsed(o.usage, session.date)) return 'month-used';
  return 'book';
}
