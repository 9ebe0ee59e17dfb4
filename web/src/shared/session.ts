import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { TMe, TSignedIn } from '@zhongli/domain';
import { ApiError, http } from './http';

/** Who is signed in, and what that allows: every module asks here (the accounts module manages accounts). */
export const STAFF_ROLES = ['center_admin', 'community_staff'] as const;

export function isStaff(me: TMe | null | undefined): boolean {
  return !!me?.roles.some((r) => (STAFF_ROLES as readonly string[]).includes(r.role));
}

export function isCenterAdmin(me: TMe | null | undefined): boolean {
  return !!me?.roles.some((r) => r.role === 'center_admin');
}

/** The shop a merchant account works for (the first, if it was ever given two). */
export function merchantIdOf(me: TMe | null | undefined): number | undefined {
  return me?.roles.find((r) => r.role === 'merchant' && r.merchantId)?.merchantId;
}

export function isMerchant(me: TMe | null | undefined): boolean {
  return merchantIdOf(me) !== undefined;
}

/**
 * Where a user lands after signing in: staff work in the console, a shop's account (with no
 * resident record of its own) on the merchant pages, everyone else on the resident home page.
 */
export function homePathFor(me: TMe | null | undefined): string {
  if (isStaff(me)) return '/console';
  if (isMerchant(me) && !me?.resident) return '/merchant';
  return '/';
}

const sessionApi = {
  me: () => http.get<TMe>('/api/me'),
  login: (phone: string, password: string) => http.post<TSignedIn>('/api/auth/login', { phone, password }),
  logout: () => http.post<void>('/api/auth/logout'),
};

/** The signed-in account, fetched once from /api/me (null when signed out). */
export const useSessionStore = defineStore('session', () => {
  const me = ref<TMe | null>(null);
  const loaded = ref(false);
  let pending: Promise<TMe | null> | undefined;

  const staff = computed(() => isStaff(me.value));
  const centerAdmin = computed(() => isCenterAdmin(me.value));
  /** Communities a community-staff member works in (empty for a center admin, who sees all). */
  const staffCommunityIds = computed(() =>
    (me.value?.roles ?? []).filter((r) => r.role === 'community_staff' && r.communityId).map((r) => r.communityId!),
  );

  function ensureLoaded(): Promise<TMe | null> {
    if (loaded.value) return Promise.resolve(me.value);
    pending ??= sessionApi
      .me()
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) return null;
        pending = undefined; // a network blip: try again on the next navigation
        throw error;
      })
      .then((value) => {
        me.value = value;
        loaded.value = true;
        return value;
      });
    return pending;
  }

  async function login(phone: string, password: string): Promise<TMe> {
    const { user } = await sessionApi.login(phone, password);
    me.value = user;
    loaded.value = true;
    pending = Promise.resolve(user);
    // /api/me is the one source of the full shape (resident link included)
    try {
      me.value = await sessionApi.me();
    } catch {
      /* keep the login response */
    }
    return me.value ?? user;
  }

  async function logout(): Promise<void> {
    try {
      await sessionApi.logout();
    } finally {
      forget();
    }
  }

  /** Reads the account again (after changing a temporary password, which lifts the restriction). */
  async function reload(): Promise<TMe | null> {
    loaded.value = false;
    pending = undefined;
    return ensureLoaded();
  }

  /** Drop the session locally (after logout or when a request says 401). */
  function forget(): void {
    me.value = null;
    loaded.value = true;
    pending = Promise.resolve(null);
  }

  return { me, loaded, staff, centerAdmin, staffCommunityIds, ensureLoaded, reload, login, logout, forget };
});
