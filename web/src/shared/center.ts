import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { TCenter, TCommunity } from '@zhongli/domain';
import { http } from './http';

export const DEFAULT_CENTER_NAME = '社区服务中心';

/** Public facts shown to everyone: the center's name and its communities. Fetched once. */
export const usePublicStore = defineStore('public', () => {
  const centerName = ref<string>('');
  const communities = ref<TCommunity[]>([]);
  let centerPromise: Promise<void> | undefined;
  let communitiesPromise: Promise<void> | undefined;

  function loadCenter(): Promise<void> {
    centerPromise ??= http
      .get<TCenter>('/api/public/center')
      .then((center) => {
        centerName.value = center.name;
      })
      .catch(() => {
        centerName.value = DEFAULT_CENTER_NAME;
        centerPromise = undefined;
      });
    return centerPromise;
  }

  function loadCommunities(force = false): Promise<void> {
    if (force) communitiesPromise = undefined;
    communitiesPromise ??= http
      .get<TCommunity[]>('/api/public/communities')
      .then((list) => {
        communities.value = list;
      })
      .catch((error: unknown) => {
        communitiesPromise = undefined;
        throw error;
      });
    return communitiesPromise;
  }

  function communityName(id: number | null | undefined): string {
    return communities.value.find((c) => c.id === id)?.name ?? '';
  }

  return { centerName, communities, loadCenter, loadCommunities, communityName };
});
