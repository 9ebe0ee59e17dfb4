import type { Ref } from 'vue';
import { useAsync } from '../../../shared/useAsync';
import type { TCoverageGap, TMyShift, TPoolVolunteer, TRoster, TRotaChange, TUserSummary } from '@zhongli/domain';
import { accountsApi } from '../../accounts';
import { servicesApi } from '../api';

export function useRoster(serviceId: Ref<number | undefined>, month: Ref<string>) {
  return useAsync<TRoster | undefined>(
    async () => (serviceId.value ? servicesApi.roster(serviceId.value, month.value) : undefined),
    [serviceId, month],
  );
}

export function usePoolVolunteers(serviceId: Ref<number | undefined>) {
  return useAsync<TPoolVolunteer[]>(
    async () => (serviceId.value ? servicesApi.volunteers(serviceId.value) : []),
    [serviceId],
  );
}

/** Accounts in the staff member's scope that carry the volunteer role: who can join a pool. */
export function useVolunteerAccounts() {
  return useAsync<TUserSummary[]>(async () =>
    (await accountsApi.listUsers()).filter((u) => !u.disabled && u.roles.some((r) => r.role === 'volunteer')),
  );
}

/** Sessions in the next `days` days with fewer volunteers than needed (staff only). */
export function useGaps(enabled: Ref<boolean>, days = 14) {
  return useAsync<TCoverageGap[]>(async () => (enabled.value ? servicesApi.gaps(days) : []), [enabled]);
}

export function useMyShifts(enabled: Ref<boolean>) {
  return useAsync<TMyShift[]>(async () => (enabled.value ? servicesApi.myShifts() : []), [enabled]);
}

/** My 换班 and 请假 requests, both directions. */
export function useMySwaps(enabled: Ref<boolean>) {
  return useAsync<TRotaChange[]>(async () => (enabled.value ? servicesApi.mySwaps() : []), [enabled]);
}
