import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TLeaderboardRow, TLeaderboardWindow } from '@zhongli/domain';
import { pointsApi, type LeaderboardQuery } from '../api';

export interface Leaderboard {
  rows: TLeaderboardRow[];
  window: TLeaderboardWindow;
}

/** The honour roll and the period it covers, fetched together so they always match. */
export function useLeaderboard(query: Ref<LeaderboardQuery | undefined>) {
  return useAsync<Leaderboard | undefined>(async () => {
    const q = query.value;
    if (!q) return undefined;
    const [rows, window] = await Promise.all([pointsApi.leaderboard(q), pointsApi.leaderboardWindow(q)]);
    return { rows, window };
  }, [() => ({ ...query.value })]);
}
