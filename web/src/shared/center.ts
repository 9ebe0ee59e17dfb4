import { defineStore, storeToRefs } from 'pinia';
import { computed, ref } from 'vue';
import type { TCenter, TCommunity } from '@zhongli/domain';
import { http } from './http';

export const DEFAULT_CENTER_NAME = '社区服务中心';

/** Where the center admin sets the public address (中心信息). */
export const CENTER_SETTINGS_PATH = '/console/center';

/**
 * An absolute link on the center's public address, or '' while it is not set. The page's own address
 * is never used: a poster printed from a desk computer at http://192.168.1.20
 * would send every phone that scans it nowhere.
 */
export function absoluteUrl(publicUrl: string | null | undefined, path: string): string {
  if (!publicUrl) return '';
  return `${publicUrl.replace(/\/+$/, '')}${path.startsWith('/') ? path : `/${path}`}`;
}

/** Public facts shown to everyone: the center's name, its public address and its communities. Fetched once. */
export const usePublicStore = defineStore('public', () => {
  const centerName = ref<string>('');
  const publicUrl = ref<string | null>(null);
  const publicUrlSource = ref<TCenter['publicUrlSource']>(null);
  const centerLoaded = ref(false);
  const communities = ref<TCommunity[]>([]);
  let centerPromise: Promise<void> | undefined;
  let communitiesPromise: Promise<void> | undefined;

  function setCenter(center: TCenter): void {
    centerName.value = center.name;
    publicUrl.value = center.publicUrl;
    publicUrlSource.value = center.publicUrlSource;
    centerLoaded.value = true;
  }

  function loadCenter(force = false): Promise<void> {
    if (force) centerPromise = undefined;
    centerPromise ??= http
      .get<TCenter>('/api/public/center')
      .then(setCenter)
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

  return {
    centerName,
    publicUrl,
    publicUrlSource,
    centerLoaded,
    communities,
    setCenter,
    loadCenter,
    loadCommunities,
    communityName,
  };
});

/**
 * The one source of absolute links on the web (QR codes, the calendar subscription): `linkTo(path)` is
 * the link on the center's public address, or '' while none is set — `missing` then tells the page to
 * show `PublicUrlMissing` instead of a QR code.
 */
export function usePublicUrl() {
  const store = usePublicStore();
  void store.loadCenter();
  const { publicUrl, centerLoaded } = storeToRefs(store);
  return {
    publicUrl,
    missing: computed(() => centerLoaded.value && !publicUrl.value),
    linkTo: (path: string) => absoluteUrl(publicUrl.value, path),
  };
}
