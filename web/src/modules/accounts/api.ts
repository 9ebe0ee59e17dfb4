import type { TRoleGrant, TUserCreate, TUserCreated, TUserRolesGranted, TUserSummary } from '@zhongli/domain';
import { http } from '../../shared/http';

export const accountsApi = {
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { currentPassword, newPassword }),
  listUsers: () => http.get<TUserSummary[]>('/api/users'),
  createUser: (user: TUserCreate) => http.post<TUserCreated>('/api/users', user),
  /** one phone, one account: add roles to the account the phone already signs in to */
  grantRoles: (userId: number, roles: TRoleGrant[]) =>
    http.post<TUserRolesGranted>(`/api/users/${userId}/roles`, { roles }),
};
