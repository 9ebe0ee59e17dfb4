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
  'points.template.save': '保存中心积分规则模板',
  'points.rules.copy': '复制积分规则',
  'activity.copy': '复制活动到下一周',
};

export function auditActionLabel(action: string): string {
  return AUDIT_ACTION_LABELS[action] ?? action;
}
