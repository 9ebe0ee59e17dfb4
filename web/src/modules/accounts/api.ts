import type { Role } from '@zhongli/domain';
import { http } from '../../shared/http';

export interface RoleGrant {
  role: Role;
  communityId?: number;
  merchantId?: number;
}

export interface Me {
  id: number;
  name: string;
  phoneMasked: string;
  roles: RoleGrant[];
  resident: { id: number; communityId: number } | null;
}

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
  me: () => http.get<Me>('/api/me'),
  login: (phone: string, password: string) => http.post<{ user: Me }>('/api/auth/login', { phone, password }),
  logout: () => http.post<void>('/api/auth/logout'),
  changePassword: (currentPassword: string, newPassword: string) =>
    http.post<void>('/api/auth/password', { currentPassword, newPassword }),
  listUsers: () => http.get<UserSummary[]>('/api/users'),
  createUser: (user: NewUser) => http.post<{ id: number }>('/api/users', user),
};
