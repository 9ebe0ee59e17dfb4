import { isCalendarDate, toHalfWidth, type THolidayCreate } from '@zhongli/domain';

const DAY_MS = 86_400_000;

/**
 * A year pasted as lines: "2027-01-01 元旦", "2027-02-06~2027-02-12 春节" (a range, inclusive) and
 * "2027-02-14 春节 上班" (a line saying 上班 or 调休上班 is a weekend day worked in exchange).
 * Returns the entries and, per line that cannot be read, its number and text.
 */
export function parseHolidayLines(text: string): { entries: THolidayCreate[]; bad: { line: number; text: string }[] } {
  const entries: THolidayCreate[] = [];
  const bad: { line: number; text: string }[] = [];
  toHalfWidth(text)
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim();
      if (!line) return;
      const m = /^(\d{4}-\d{2}-\d{2})(?:\s*(?:~|-|至|到)\s*(\d{4}-\d{2}-\d{2}))?\s+(.+)$/.exec(line);
      const from = m?.[1];
      const to = m?.[2] ?? from;
      if (!m || !from || !to || !isCalendarDate(from) || !isCalendarDate(to) || to < from) {
        bad.push({ line: i + 1, text: line });
        return;
      }
      const kind = /上班/.test(m[3]!) ? 'workday' : 'off';
      const name = m[3]!.replace(/\s*(调休)?上班\s*$/, '').trim() || (kind === 'workday' ? '调休上班' : '节假日');
      for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
        entries.push({ date: new Date(t).toISOString().slice(0, 10), kind, name });
    });
  return { entries, bad };
}
