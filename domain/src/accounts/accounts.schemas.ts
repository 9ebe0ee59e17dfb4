import { z } from 'zod';
import { NOTHING_TO_CHANGE, hasSomethingToChange, zId, zPassword, zString, zText } from '../shared/schemas.js';
import { checkAccountPassword } from './passwordPolicy.js';
import { zPhone } from '../residents/residents.schemas.js';

export const ROLES = ['center_admin', 'community_staff', 'merchant', 'volunteer'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  center_admin: '中心管理员',
  community_staff: '社区工作人员',
  merchant: '商户',
  volunteer: '志愿者',
};

export const ZRoleGrant = z
  .object({
    role: z.enum(ROLES, { error: '角色应为 center_admin、community_staff、merchant 或 volunteer' }),
    communityId: zId.optional(),
    merchantId: zId.optional(),
  })
  .strict()
  .superRefine((grant, ctx) => {
    if ((grant.role === 'community_staff' || grant.role === 'volunteer') && !grant.communityId) {
      ctx.addIssue({ code: 'custom', path: ['communityId'], message: '社区工作人员和志愿者需要指定社区' });
    }
    if (grant.role === 'merchant' && !grant.merchantId) {
      ctx.addIssue({ code: 'custom', path: ['merchantId'], message: '商户账号需要指定商户' });
    }
  });
export type TRoleGrant = z.infer<typeof ZRoleGrant>;

export const ZLogin = z.object({
  phone: zString('手机号', { message: '请填写手机号', trim: true })
    .min(1, { error: '请填写手机号' })
    .max(32, { error: '手机号格式不正确' }),
  password: zString('密码', { message: '请填写密码' })
    .min(1, { error: '请填写密码' })
    .max(128, { error: '密码不能超过128位' }),
});
export type TLogin = z.infer<typeof ZLogin>;

export const ZChangePassword = z
  .object({
    currentPassword: zString('原密码', { message: '请填写原密码' })
      .min(1, { error: '请填写原密码' })
      .max(128, { error: '密码不能超过128位' }),
    newPassword: zPassword,
  })
  .strict();
export type TChangePassword = z.infer<typeof ZChangePassword>;

export const ZUserCreate = z
  .object({
    name: zText('姓名', 30),
    phone: zPhone,
    password: zPassword,
    roles: z.array(ZRoleGrant, { error: '请选择角色' }).min(1, { error: '至少选择一个角色' }).max(10),
  })
  .strict()
  // Every account created here has a role: the staff rule applies.
  .superRefine((value, ctx) =>
    checkAccountPassword(ctx, 'password', value.password, { phone: value.phone, staff: true }),
  );
export type TUserCreate = z.infer<typeof ZUserCreate>;

/** An account's name and roles, as the console edits them; roles replace the account's roles. */
export const ZUserUpdate = z
  .object({
    name: zText('姓名', 30).optional(),
    roles: z.array(ZRoleGrant, { error: '请选择角色' }).min(1, { error: '至少选择一个角色' }).max(10).optional(),
  })
  .strict()
  .refine((value) => hasSomethingToChange(value), { error: NOTHING_TO_CHANGE });
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

/** Roles added to an existing account (one phone, one account: a resident who is also a volunteer). */
export const ZUserRolesGrant = z
  .object({
    roles: z.array(ZRoleGrant, { error: '请选择角色' }).min(1, { error: '至少选择一个角色' }).max(10),
  })
  .strict();
export type TUserRolesGrant = z.infer<typeof ZUserRolesGrant>;
