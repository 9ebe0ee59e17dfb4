import { DEFAULT_DEADLINE, parseDeadlineRule, type TMenuSettings } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';

/**
 * The weekly cycle's settings, kept in app_settings so the center can change them without a
 * deploy: the submission deadline (weekday and time of the week before) and the check-in window —
 * how early it opens before an activity starts and how long after its end it stays open (latecomers
 * signing in on the way out). They live with the activities, whose submission and check-in
 * read them; the menus module reads them through the activities index.
 */
export type MenuSettings = Required<TMenuSettings>;

export const DEFAULT_MENU_SETTINGS: MenuSettings = {
  deadline: DEFAULT_DEADLINE,
  checkinOpensMinutesBefore: 30,
  checkinClosesMinutesAfter: 0,
};

const minutesOr = (raw: string | undefined, fallback: number) => {
  const minutes = Number(raw);
  return raw !== undefined && Number.isInteger(minutes) && minutes >= 0 && minutes <= 240 ? minutes : fallback;
};

export async function loadMenuSettings(db: Db | Trx): Promise<MenuSettings> {
  const rows = await db
    .selectFrom('app_settings')
    .select(['key', 'value'])
    .where('key', 'in', ['menu_deadline', 'checkin_opens_minutes_before', 'checkin_closes_minutes_after'])
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const deadline = parseDeadlineRule(byKey.get('menu_deadline') ?? '') ?? DEFAULT_MENU_SETTINGS.deadline;
  return {
    deadline,
    checkinOpensMinutesBefore: minutesOr(
      byKey.get('checkin_opens_minutes_before'),
      DEFAULT_MENU_SETTINGS.checkinOpensMinutesBefore,
    ),
    checkinClosesMinutesAfter: minutesOr(
      byKey.get('checkin_closes_minutes_after'),
      DEFAULT_MENU_SETTINGS.checkinClosesMinutesAfter,
    ),
  };
}

export async function saveMenuSettings(trx: Trx, settings: MenuSettings): Promise<void> {
  const values = [
    { key: 'menu_deadline', value: `${settings.deadline.weekday} ${settings.deadline.time}` },
    { key: 'checkin_opens_minutes_before', value: String(settings.checkinOpensMinutesBefore) },
    { key: 'checkin_closes_minutes_after', value: String(settings.checkinClosesMinutesAfter) },
  ];
  for (const v of values) {
    await trx
      .insertInto('app_settings')
      .values(v)
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: v.value }))
      .execute();
  }
}
