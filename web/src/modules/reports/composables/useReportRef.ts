import { lastClosedPeriod, reportPeriod, type ReportKind } from '@zhongli/domain';
import { computed } from 'vue';
import { useRoute, useRouter } from 'vue-router';
import { storeToRefs } from 'pinia';
import { useSessionStore } from '../../../shared/session';
import type { ReportRef } from '../api';

/**
 * Which report the page shows, kept in the address (`?kind=month&period=2026-11&communityId=3`) so the
 * print view and a shared link show the same. Defaults: the last closed month; the center's county
 * report, a community's staff their own community.
 */
export function useReportRef() {
  const route = useRoute();
  const router = useRouter();
  const { centerAdmin, staffCommunityIds } = storeToRefs(useSessionStore());
  const kind = computed<ReportKind>(() => (route.query.kind === 'week' ? 'week' : 'month'));
  const period = computed(() => {
    const raw = typeof route.query.period === 'string' ? route.query.period : '';
    return reportPeriod(kind.value, raw) ? raw : lastClosedPeriod(kind.value, new Date());
  });
  const communityId = computed<number | undefined>(() => {
    const raw = Number(route.query.communityId);
    if (Number.isInteger(raw) && raw > 0) return raw;
    return centerAdmin.value ? undefined : staffCommunityIds.value[0];
  });
  const reportRef = computed<ReportRef>(() => ({
    kind: kind.value,
    period: period.value,
    communityId: communityId.value,
  }));
  const query = computed(() => ({
    kind: kind.value,
    period: period.value,
    ...(communityId.value ? { communityId: String(communityId.value) } : {}),
  }));
  function change(next: Partial<{ kind: ReportKind; period: string; communityId: number | undefined }>): void {
    const k = next.kind ?? kind.value;
    const p = next.kind && next.kind !== kind.value ? lastClosedPeriod(k, new Date()) : (next.period ?? period.value);
    const c = 'communityId' in next ? next.communityId : communityId.value;
    void router.replace({ query: { kind: k, period: p, ...(c ? { communityId: String(c) } : {}) } });
  }
  return { kind, period, communityId, reportRef, query, change };
}
