import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import { pointsApi, type LeaderboardQuery, type LeaderboardRow, type LeaderboardWindow } from '../api';

export interface Leaderboard {
  rows: LeaderboardRow[];
  window: LeaderboardWindow;
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
