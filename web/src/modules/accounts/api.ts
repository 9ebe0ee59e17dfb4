import type {
  TPasswordReset,
  TRoleGrant,
  TUserCreate,
  TUserCreated,
  TUserRolesGranted,
  TUserSummary,
  TUserUpdate,
} from '@zhongli/domain';
import { http } from '../../shared/http';

export const accountsApi = {
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { currentPassword, newPassword }),
  listUsers: () => http.get<TUserSummary[]>('/api/users'),
  createUser: (user: TUserCreate) => http.post<TUserCreated>('/api/users', user),
  updateUser: (id: number, change: TUserUpdate) => http.patch<void>(`/api/users/${id}`, change),
  disableUser: (id: number) => http.post<void>(`/api/users/${id}/disable`),
  enableUser: (id: number) => http.post<void>(`/api/users/${id}/enable`),
  resetPassword: (id: number) => http.post<TPasswordReset>(`/api/users/${id}/reset-password`),
  /** one phone, one account: add roles to the account the phone already signs in to */
  grantRoles: (userId: number, roles: TRoleGrant[]) =>
    http.post<TUserRolesGranted>(`/api/users/${userId}/roles`, { roles }),
};
