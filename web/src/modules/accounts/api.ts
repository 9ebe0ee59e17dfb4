import type { TGrantedRole as RoleGrant } from '@zhongli/domain';
import { http } from '../../shared/http';

export interface UserSummary {
  id: number;
  name: string;
  phoneMasked: string;
  disabled: boolean;
  roles: RoleGrant[];
}

export interface NewUser {
  name: string;
  phone: string;
  password: string;
  roles: RoleGrant[];
}

export const accountsApi = {
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { currentPassword, newPassword }),
  listUsers: () => http.get<UserSummary[]>('/api/users'),
  createUser: (user: NewUser) => http.post<{ id: number }>('/api/users', user),
};
