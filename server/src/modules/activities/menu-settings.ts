import { DEFAULT_DEADLINE, parseDeadlineRule, type TMenuSettings } from '@zhongli/domain';
import type { Db, Trx } from '../../platform/deps.js';

/**
 * The weekly cycle's settings, kept in app_settings so the center can change them without a
 * deploy: the submission deadline (weekday and time of the week before) and how early check-in
 * opens before an activity starts. They live with the activities, whose submission and check-in
 * read them; the menus module reads them through the activities index.
 */
export type MenuSettings = TMenuSettings;

export const DEFAULT_MENU_SETTINGS: MenuSettings = { deadline: DEFAULT_DEADLINE, checkinOpensMinutesBefore: 30 };

export async function loadMenuSettings(db: Db | Trx): Promise<MenuSettings> {
  const rows = await db
    .selectFrom('app_settings')
    .select(['key', 'value'])
    .where('key', 'in', ['menu_deadline', 'checkin_opens_minutes_before'])
    .execute();
  const byKey = new Map(rows.map((r) => [r.key, r.value]));
  const deadline = parseDeadlineRule(byKey.get('menu_deadline') ?? '') ?? DEFAULT_MENU_SETTINGS.deadline;
  const minutes = Number(byKey.get('checkin_opens_minutes_before'));
  return {
    deadline,
    checkinOpensMinutesBefore:
      Number.isInteger(minutes) && minutes >= 0 && minutes <= 240
        ? minutes
        : DEFAULT_MENU_SETTINGS.checkinOpensMinutesBefore,
  };
}

export async function saveMenuSettings(trx: Trx, settings: MenuSettings): Promise<void> {
  const values = [
    { key: 'menu_deadline', value: `${settings.deadline.weekday} ${settings.deadline.time}` },
    { key: 'checkin_opens_minutes_before', value: String(settings.checkinOpensMinutesBefore) },
  ];
  for (const v of values) {
    await trx
      .insertInto('app_settings')
      .values(v)
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: v.value }))
      .execute();
  }
}
