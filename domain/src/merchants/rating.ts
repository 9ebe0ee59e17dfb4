/**
 * Merchant stars (星级), by the number and the quality of a merchant's community-service
 * participation — the rule the article describes, made explicit:
 *
 * - Only contributions in the last 12 months count, and only those staff have marked for
 *   quality (1–5).
 * - Fewer than 3 → no stars yet: one good deed is not yet a pattern.
 * - Otherwise stars = the average quality rounded half up, capped by how often the merchant
 *   took part: 3–5 times → at most ★★★, 6–9 → ★★★★, 10 or more → ★★★★★.
 *
 * No recency weighting inside the year: a merchant must be able to check the sentence on their
 * page against their own record with nothing but counting and averaging.
 */
export const RATING_PERIOD_MONTHS = 12;
export const MIN_CONTRIBUTIONS_FOR_STARS = 3;

export interface RatedContribution {
  quality: number | null;
  occurredAt: string;
}

export interface Rating {
  stars: number;
  count: number;
  averageQuality: number | null;
  period: { from: string; to: string };
  explanation: string;
}

export function ratingPeriod(asOf: Date): { from: string; to: string } {
  const from = new Date(asOf);
  from.setUTCMonth(from.getUTCMonth() - RATING_PERIOD_MONTHS);
  return { from: from.toISOString(), to: asOf.toISOString() };
}

export function capForCount(count: number): number {
  if (count < MIN_CONTRIBUTIONS_FOR_STARS) return 0;
  if (count <= 5) return 3;
  if (count <= 9) return 4;
  return 5;
}

export function starsText(stars: number): string {
  return stars ? '★'.repeat(stars) : '暂未评星';
}

export function rateMerchant(contributions: RatedContribution[], asOf: Date): Rating {
  const period = ratingPeriod(asOf);
  const counted = contributions.filter(
    (c) => c.quality != null && c.occurredAt > period.from && c.occurredAt <= period.to,
  );
  return rateFromTotals({ count: counted.length, qualitySum: counted.reduce((sum, c) => sum + c.quality!, 0) }, asOf);
}

/**
 * The same rating from the two figures it depends on — how many quality-marked contributions fell in
 * `ratingPeriod(asOf)` and the sum of their marks —, which a database sums per merchant in one grouped
 * query for the whole wall (the rule needs nothing else of a contribution).
 */
export function rateFromTotals(totals: { count: number; qualitySum: number }, asOf: Date): Rating {
  const period = ratingPeriod(asOf);
  const count = totals.count;
  const average = count ? Math.round((totals.qualitySum / count) * 10) / 10 : null;
  const stars = average == null ? 0 : Math.min(capForCount(count), Math.floor(average + 0.5));
  const averageText = average == null ? '' : `，平均质量${average.toFixed(1)}分`;
  const explanation =
    count < MIN_CONTRIBUTIONS_FOR_STARS
      ? `近${RATING_PERIOD_MONTHS}个月参与社区服务${count}次${averageText}，满${MIN_CONTRIBUTIONS_FOR_STARS}次后评星`
      : `近${RATING_PERIOD_MONTHS}个月参与社区服务${count}次${averageText} → ${starsText(stars)}`;
  return { stars, count, averageQuality: average, period, explanation };
}

/** Working days (Monday to Friday) between two instants in the county, for overdue requests. */
export function workingDaysBetween(from: Date, to: Date): number {
  const offset = 8 * 3_600_000;
  const day = 86_400_000;
  let start = Math.floor((from.getTime() + offset) / day);
  const end = Math.floor((to.getTime() + offset) / day);
  let days = 0;
  for (start += 1; start <= end; start++) {
    const weekday = new Date(start * day).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days++;
  }
  return days;
}
