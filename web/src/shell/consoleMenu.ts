/**
 * The console's menu, grouped by the task a member of staff sits down to do. Adding a page is one line in its
 * group; `admin: true` shows it to the center admin only (the page's route says the same in `meta.centerAdmin`).
 */
export interface ConsoleMenuItem {
  path: string;
  label: string;
  admin?: boolean;
}

export interface ConsoleMenuGroup {
  key: string;
  label: string;
  items: ConsoleMenuItem[];
}

export const CONSOLE_MENU: ConsoleMenuGroup[] = [
  {
    key: 'desk',
    label: '日常服务台',
    items: [
      { path: '/console/residents', label: '居民' },
      { path: '/console/residents/new', label: '登记居民' },
      { path: '/console/points/award', label: '积分发放' },
      { path: '/console/needs/desk', label: '代点单' },
      { path: '/console/shop/counter', label: '兑换柜台' },
      { path: '/console/queue', label: '叫号' },
      { path: '/console/call-lists', label: '待电话通知' },
      { path: '/console/imports', label: '批量导入' },
      { path: '/console/print-center', label: '打印中心' },
    ],
  },
  {
    key: 'activities',
    label: '活动菜单',
    items: [
      { path: '/console/activities', label: '活动管理' },
      { path: '/console/menus', label: '菜单审核', admin: true },
      { path: '/console/needs', label: '居民需求' },
      { path: '/console/volunteer-hours', label: '志愿服务时长' },
    ],
  },
  {
    key: 'points',
    label: '积分与益家',
    items: [
      { path: '/console/points/rules', label: '积分规则' },
      { path: '/console/points/template', label: '积分规则模板', admin: true },
      { path: '/console/points/adjustments', label: '积分调整审核' },
      { path: '/console/shop/items', label: '物品与库存' },
      { path: '/console/shop/labels', label: '货架标签' },
      { path: '/console/vouchers', label: '代金券' },
      { path: '/console/points/integrity', label: '账本核查', admin: true },
      { path: '/console/points/ledger', label: '积分流水导出' },
    ],
  },
  {
    key: 'merchants',
    label: '商户',
    items: [
      { path: '/console/merchants', label: '商户', admin: true },
      { path: '/console/merchant-requests', label: '商户诉求' },
      { path: '/console/partners', label: '共建单位' },
    ],
  },
  {
    key: 'services',
    label: '便民服务',
    items: [
      { path: '/console/services', label: '服务与预约' },
      { path: '/console/roster', label: '排班' },
      { path: '/console/roster/gaps', label: '缺岗提醒' },
    ],
  },
  {
    key: 'settings',
    label: '设置',
    items: [
      { path: '/console/setup', label: '开通向导', admin: true },
      { path: '/console/center', label: '中心信息', admin: true },
      { path: '/console/communities', label: '社区与场地', admin: true },
      { path: '/console/users', label: '账号', admin: true },
      { path: '/console/holidays', label: '节假日安排', admin: true },
      { path: '/console/menu-settings', label: '报送截止与签到', admin: true },
      { path: '/console/audit', label: '操作记录', admin: true },
    ],
  },
  {
    key: 'stats',
    label: '统计',
    items: [
      { path: '/console/dashboard', label: '数据看板' },
      { path: '/console/screen', label: '数据大屏' },
      { path: '/console/reports', label: '月报与周报' },
    ],
  },
];

/**
 * The groups this member of staff sees. `hasPage` drops entries whose page is not in this build: pages other
 * branches add (节假日, 菜单截止与签到, 共建单位, 待电话通知) appear as soon as their route is registered.
 */
export function visibleMenu(centerAdmin: boolean, hasPage: (path: string) => boolean): ConsoleMenuGroup[] {
  return CONSOLE_MENU.map((group) => ({
    ...group,
    items: group.items.filter((item) => (centerAdmin || !item.admin) && hasPage(item.path)),
  })).filter((group) => group.items.length > 0);
}

/** The menu entry a console path belongs to: the longest entry path that is the path or a parent of it. */
export function activeMenuPath(path: string, groups: ConsoleMenuGroup[]): string {
  if (/^\/console\/services\/\d+\/roster/.test(path)) return '/console/roster';
  if (/^\/console\/residents\/\d+\/points/.test(path)) return '/console/residents';
  return (
    groups
      .flatMap((g) => g.items.map((i) => i.path))
      .filter((p) => path === p || path.startsWith(`${p}/`))
      .sort((a, b) => b.length - a.length)[0] ?? path
  );
}
