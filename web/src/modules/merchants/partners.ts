/** Wording and ordering for the merchants-as-partners pages (pure, so it is unit-tested). */
import { countyClockOf, countyDateOf, countyInstant, MIN_CONTRIBUTIONS_FOR_STARS, starsText } from '@zhongli/domain';
import type { MerchantRequestStatus, TMerchantRequest, TRatingMonth, TWallMerchant } from '@zhongli/domain';

export const MAX_STARS = 5;

/** The stars as shown: '★★★★' or '暂未评星'; the screen-reader label says the number. */
export function starsDisplay(stars: number): { text: string; label: string; rated: boolean } {
  const n = Math.max(0, Math.min(MAX_STARS, Math.round(stars)));
  return n
    ? { text: starsText(n), label: `${n}星（满${MAX_STARS}星）`, rated: true }
    : {
        text: starsText(0),
        label: `暂未评星（参与满${MIN_CONTRIBUTIONS_FOR_STARS}次且质量经社区确认后评星）`,
        rated: false,
      };
}

export const REQUEST_STATUS_LABELS: Record<MerchantRequestStatus, string> = {
  open: '待处理',
  in_progress: '处理中',
  resolved: '已办结',
};

/** How long a request has waited, in the words a shop owner uses. */
export function requestAgeText(request: Pick<TMerchantRequest, 'status' | 'ageWorkingDays' | 'overdue'>): string {
  const days = request.ageWorkingDays;
  if (request.status === 'resolved') return days ? `用时 ${days} 个工作日办结` : '当天办结';
  const waited = days ? `已 ${days} 个工作日` : '不满1个工作日';
  return request.overdue ? `${waited}，已超过3个工作日` : waited;
}

export function requestCounts(
  requests: readonly Pick<TMerchantRequest, 'status'>[],
): Record<MerchantRequestStatus, number> {
  const counts: Record<MerchantRequestStatus, number> = { open: 0, in_progress: 0, resolved: 0 };
  for (const r of requests) counts[r.status]++;
  return counts;
}

/** Open first, then in progress, then resolved; newest first within each. */
export function sortRequests<T extends Pick<TMerchantRequest, 'status' | 'createdAt'>>(requests: readonly T[]): T[] {
  const order: Record<MerchantRequestStatus, number> = { open: 0, in_progress: 1, resolved: 2 };
  return [...requests].sort((a, b) => order[a.status] - order[b.status] || b.createdAt.localeCompare(a.createdAt));
}

/** The wall: 党建联盟商户 first, then rated merchants by stars, then the rest; ties by participation. */
export function wallSections<T extends Pick<TWallMerchant, 'partyAlliance' | 'stars' | 'contributions' | 'name'>>(
  merchants: readonly T[],
): { alliance: T[]; rated: T[]; others: T[] } {
  const byStanding = (a: T, b: T) =>
    b.stars - a.stars || b.contributions - a.contributions || a.name.localeCompare(b.name, 'zh-CN');
  return {
    alliance: merchants.filter((m) => m.partyAlliance).sort(byStanding),
    rated: merchants.filter((m) => !m.partyAlliance && m.stars > 0).sort(byStanding),
    others: merchants.filter((m) => !m.partyAlliance && m.stars === 0).sort(byStanding),
  };
}

/** '便民摊位 3次' chips, largest first; counts only (the wall never shows money). */
export function kindCounts(byKind: Record<string, number>): { label: string; count: number; text: string }[] {
  return Object.entries(byKind)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
    .map(([label, count]) => ({ label, count, text: `${label} ${count}次` }));
}

/** '2026-11' → '2026年11月' (the year dropped when it is `currentYear`). */
export function monthLabelZh(month: string, currentYear?: number): string {
  const [year, m] = month.split('-').map(Number);
  if (!year || !m) return month;
  return currentYear === year ? `${m}月` : `${year}年${m}月`;
}

/** The trend, oldest first for reading left to right / top to bottom, at most `months` long. */
export function recentTrend(history: readonly TRatingMonth[], months = 6): TRatingMonth[] {
  return [...history]
    .sort((a, b) => b.month.localeCompare(a.month))
    .slice(0, months)
    .reverse();
}

export function qualityText(quality: number | null): string {
  return quality == null ? '待社区确认质量' : `质量 ${quality} 分`;
}

/** Now as a `datetime-local` value on the county's clock ('2026-11-17T14:05'), the form's max. */
export function countyLocalNow(now: Date = new Date()): string {
  return `${countyDateOf(now)}T${countyClockOf(now).time}`;
}

/** A `datetime-local` value read on the county's clock → ISO with offset; undefined when malformed. */
export function countyLocalToIso(value: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?$/.exec(value);
  return match ? countyInstant(match[1]!, match[2]!) : undefined;
}
