import type { TUserCreate, TUserCreated, TUserSummary } from '@zhongli/domain';
import { http } from '../../shared/http';

export const accountsApi = {
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { currentPassword, newPassword }),
  listUsers: () => http.get<TUserSummary[]>('/api/users'),
  createUser: (user: TUserCreate) => http.post<TUserCreated>('/api/users', user),
};
