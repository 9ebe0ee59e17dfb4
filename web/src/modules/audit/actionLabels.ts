/** Chinese names for audit actions; an action not listed here is shown by its code. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'demo.seed': '生成演示数据',
  'community.create': '添加社区',
  'venue.create': '添加场地',
  'user.create': '创建账号',
  'merchant.create': '添加商户',
  'merchant.update': '修改商户',
  'resident.register': '登记居民',
  'resident.set_password': '设置居民登录密码',
  'auth.password_change': '修改密码',
  'user.update': '修改账号',
  'user.disable': '停用账号',
  'user.enable': '启用账号',
  'user.reset_password': '重置账号密码',
  'resident.update': '修改居民信息',
  'resident.archive': '归档居民',
  'resident.unarchive': '恢复已归档居民',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
