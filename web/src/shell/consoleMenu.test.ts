import { describe, expect, it } from 'vitest';
import { activeMenuPath, CONSOLE_MENU, visibleMenu } from './consoleMenu';

const everyPage = () => true;

describe('the console menu', () => {
  it('groups every entry under the seven tasks, each path once', () => {
    expect(CONSOLE_MENU.map((g) => g.label)).toEqual([
      '日常服务台',
      '活动菜单',
      '积分与益家',
      '商户',
      '便民服务',
      '设置',
      '统计',
    ]);
    const paths = CONSOLE_MENU.flatMap((g) => g.items.map((i) => i.path));
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("hides the center admin's entries from community staff, and a group left empty", () => {
    const staff = visibleMenu(false, everyPage);
    const labels = staff.flatMap((g) => g.items.map((i) => i.label));
    expect(labels).toContain('积分发放');
    expect(labels).not.toContain('账号');
    expect(labels).not.toContain('开通向导');
    expect(staff.map((g) => g.key)).not.toContain('settings');
    expect(visibleMenu(true, everyPage).map((g) => g.key)).toContain('settings');
  });

  it('leaves out entries whose page this build does not have', () => {
    const labels = visibleMenu(true, (path) => path !== '/console/holidays').flatMap((g) =>
      g.items.map((i) => i.label),
    );
    expect(labels).not.toContain('节假日');
    expect(labels).toContain('中心信息');
  });

  it('marks the deepest entry that holds the current page', () => {
    const groups = visibleMenu(true, everyPage);
    expect(activeMenuPath('/console/residents/new', groups)).toBe('/console/residents/new');
    expect(activeMenuPath('/console/residents/12', groups)).toBe('/console/residents');
    expect(activeMenuPath('/console/residents/12/points', groups)).toBe('/console/residents');
    expect(activeMenuPath('/console/roster/gaps', groups)).toBe('/console/roster/gaps');
    expect(activeMenuPath('/console/services/3/roster', groups)).toBe('/console/roster');
    expect(activeMenuPath('/console/services/3', groups)).toBe('/console/services');
  });
});
