import { computed, ref } from 'vue';
import { storeToRefs } from 'pinia';
import { useSessionStore } from '../../../shared/session';
import { usePublicStore } from '../../../shared/center';
import { presetPeriod, type PeriodPreset } from '../periods';

/**
 * The dashboard's filters: a period (本周/本月/上月/自定义) and, for the center, a community (none:
 * the county). Community staff have no choice: the server answers their own community.
 */
export function useStatsFilters(initial: PeriodPreset = 'month') {
  const { centerAdmin } = storeToRefs(useSessionStore());
  const publicStore = usePublicStore();
  void publicStore.loadCommunities().catch(() => undefined);
  const preset = ref<PeriodPreset>(initial);
  const custom = ref<[string, string] | null>(null);
  const communityId = ref<number | undefined>(undefined);
  const period = computed(() => {
    if (preset.value !== 'custom') return presetPeriod(preset.value, new Date());
    return custom.value ? { from: custom.value[0], to: custom.value[1] } : undefined;
  });
  const communities = computed(() => publicStore.communities);
  return { centerAdmin, preset, custom, communityId, period, communities };
}
