/**
 * Every printable the console has (打印中心), in one list: what it is, the paper, where it is printed from and —
 * when it needs no context (a resident, a week, a merchant) — a direct link. A new printable is one more entry.
 */
export interface Printable {
  key: string;
  name: string;
  paper: string;
  /** where staff find it, in the console's own words */
  where: string;
  /** a page to open directly; absent when the printable belongs to one resident, week, merchant … */
  link?: string;
  /** printed from a center-admin page: others see where, without the link */
  admin?: boolean;
}

export const PRINTABLES: Printable[] = [
  {
    key: 'member-cards',
    name: '会员卡批量打印',
    paper: 'A4，每页 10 张，沿虚线裁开',
    where: '打印中心，或 批量导入 完成后的“打印会员卡”',
    link: '/console/residents/cards',
  },
  {
    key: 'member-card',
    name: '会员卡（单张）',
    paper: '85.6×54 毫米卡纸',
    where: '居民 → 居民详情 → 打印会员卡',
    link: '/console/residents',
  },
  {
    key: 'menu-poster',
    name: '每周活动菜单海报',
    paper: 'A4',
    where: '菜单审核 → 选择一周 → 打印海报（中心管理员）',
    link: '/console/menus',
    admin: true,
  },
  {
    key: 'rules-poster',
    name: '积分管理办法（张贴版）',
    paper: 'A4',
    where: '积分规则 → 打印张贴版',
    link: '/console/points/rules',
  },
  {
    key: 'shelf-labels',
    name: '货架标签',
    paper: 'A4',
    where: '积分与益家 → 货架标签',
    link: '/console/shop/labels',
  },
  {
    key: 'receipt',
    name: '兑换小票',
    paper: '58 毫米小票',
    where: '兑换柜台 → 兑换完成后打印',
    link: '/console/shop/counter',
  },
  {
    key: 'number-slip',
    name: '排队号小票',
    paper: '58 毫米小票',
    where: '服务与预约 → 代预约或现场取号后打印',
    link: '/console/services',
  },
  {
    key: 'call-sheet',
    name: '电话通知名单',
    paper: 'A4',
    where: '待电话通知 → 打开一份名单 → 打印',
    link: '/console/call-lists',
  },
  {
    key: 'merchant-plaque',
    name: '商户牌匾',
    paper: 'A4',
    where: '商户 → 商户详情 → 打印牌匾（中心管理员）',
    link: '/console/merchants',
    admin: true,
  },
  {
    key: 'sign-in-sheet',
    name: '活动签到表',
    paper: 'A4',
    where: '活动管理 → 报名名单 → 打印签到表（报名者姓名已隐去部分，另有空行给现场报名）',
    link: '/console/activities',
  },
  {
    key: 'hours-certificate',
    name: '志愿服务时长证明',
    paper: 'A4',
    where: '志愿服务时长 → 选择期间 → 点开一位志愿者 → 打印证明',
    link: '/console/volunteer-hours',
  },
  {
    key: 'report',
    name: '月报与周报',
    paper: 'A4（图表随报表打印）',
    where: '月报与周报 → 选择月份或周、社区或全县 → 打印',
    link: '/console/reports',
  },
];
