import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { countyDateOf, countyInstant, shiftWeek, weekMonday } from '@zhongli/domain';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { overflowOf } from '../support/overflow.js';
import { expectSeniorSizes, field, inSeniorMode, pickOption } from '../support/journey.js';
import { scanQr } from '../support/qr.js';

/**
 * A center's first day, from an empty install (no demo county, one center admin, no public address), through
 * the screens only: the admin lands on 开通向导 and works down its checklist — 中心信息 with the public address,
 * two communities with a venue each, a staff account for each, the center's points-rules template copied into
 * both, a donated item on the shelf, a 1元理发屋 on the 5th and 15th with a 健康小屋 beside it — watching each
 * step tick. A community's staff member registers a senior at the desk and sends an activity for the next open
 * week, which the admin approves and publishes. On a phone the senior signs in and books the next haircut; the
 * printed poster's QR code reads as the address set in 中心信息. The API is only read, to check what the
 * screens did.
 */
let server: RunningServer;
let browser: Browser;

const ADMIN_PHONE = '13700001000';
const ADMIN_PASSWORD = 'Kaitong#Center-4821';
const PUBLIC_URL = 'https://zhongli.example.cn';
const CENTER_NAME = '槐柳县社区服务中心';
const COMMUNITIES = [
  {
    name: '槐荫社区',
    venue: '槐荫社区服务站',
    /** the room next door, where the 健康小屋 sees seniors while they wait for a haircut */
    nextDoor: '健康小屋',
    staff: { name: '周晓梅', phone: '13700002001', password: 'Huaiyin-Desk-6630' },
  },
  {
    name: '柳泉社区',
    venue: '柳泉议事厅',
    nextDoor: null,
    staff: { name: '吴建国', phone: '13700002002', password: 'Liuquan-Desk-5519' },
  },
] as const;
const SENIOR = { name: '贺秀英', birthDate: '1950-03-08', phone: '13700003001', password: 'chunfeng-lane-88' };
const BARBER = '1元理发屋';
const HEALTH_HUT = '健康小屋义诊';
/** The morning and afternoon the 理发屋 opens on the 5th and 15th (the form's first two rows, as set below). */
const HAIRCUT_SESSIONS = [
  { period: '上午', start: '08:30', end: '11:30' },
  { period: '下午', start: '14:30', end: '17:00' },
];

beforeAll(async () => {
  server = await startPlatform({ env: { DEMO: '0', ADMIN_PHONE, ADMIN_PASSWORD, PUBLIC_URL: '' } });
  browser = await launchBrowser();
});
/** The contexts the journey opened: on a failure every page is photographed, to see what the user saw. */
const contexts: BrowserContext[] = [];
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail')
    for (const [i, page] of contexts.flatMap((ctx) => ctx.pages()).entries())
      await screenshot(page, `journey-failed-${i}`).catch(() => undefined);
  for (const ctx of contexts.splice(0)) await ctx.close();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The next session on a 5th or 15th that has not ended, from the county's clock: where the senior's booking lands. */
function nextHaircut(now: number): { date: string; period: string } {
  for (let day = 0; day < 40; day++) {
    const date = countyDateOf(new Date(now + day * 86_400_000));
    if (!['05', '15'].includes(date.slice(8))) continue;
    const session = HAIRCUT_SESSIONS.find((s) => Date.parse(countyInstant(date, s.end)) > now + 5 * 60_000);
    if (session) return { date, period: session.period };
  }
  throw new Error('no 5th or 15th within 40 days');
}

/** 新建服务 in 槐荫社区 on the 5th and 15th, morning and afternoon, bookable 30 days ahead; its id. */
async function createServiceOnScreen(
  admin: Page,
  o: {
    name: string;
    venue: string;
    price: string;
    capacity: string;
    minAge: string;
    residentNote: string;
    companionNote?: string;
    shotName?: string;
  },
): Promise<number> {
  await admin.goto('/console/services');
  await admin.getByTestId('service-new').click();
  await admin.waitForURL(/\/console\/services\/new$/);
  await field(admin, 'service-name').fill(o.name);
  await pickOption(admin, 'service-community', COMMUNITIES[0].name);
  await pickOption(admin, 'service-venue', o.venue);
  await field(admin, 'service-price').fill(o.price);
  await field(admin, 'service-days').fill('5、15');
  await admin.getByRole('button', { name: '＋ 加一个场次' }).click();
  const sessions = admin.getByTestId('service-session');
  await expect.poll(() => sessions.count()).toBe(2);
  for (const [i, s] of HAIRCUT_SESSIONS.entries()) {
    const row = sessions.nth(i);
    await row.getByLabel('场次名称').fill(s.period);
    await row.getByLabel('开始').fill(s.start);
    await row.getByLabel('结束').fill(s.end);
    await field(row, 'session-capacity').fill(o.capacity);
  }
  await field(admin, 'service-min-age').fill(o.minAge);
  // open for booking a month ahead, so whichever 5th or 15th comes next can be booked today
  await field(admin, 'service-opens-days').fill('30');
  await field(admin, 'service-resident-note').fill(o.residentNote);
  if (o.companionNote) await field(admin, 'service-companion-note').fill(o.companionNote);
  if (o.shotName) await shot(admin, o.shotName);
  await admin.getByTestId('service-save').click();
  await admin.waitForURL(/\/console\/services\?serviceId=\d+$/);
  return Number(new URL(admin.url()).searchParams.get('serviceId'));
}

async function readJson<T>(page: Page, url: string): Promise<T> {
  const response = await page.request.get(url);
  expect(response.status(), url).toBe(200);
  return (await response.json()) as T;
}

/** Signs in with a phone and password on the console or resident login page and waits to leave it. */
async function signInWith(page: Page, path: string, phone: string, password: string) {
  await page.goto(path);
  await field(page, 'login-phone').fill(phone);
  await field(page, 'login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
}

/** 开通向导 again: the step shows ✓ (read from the system's own data, so the screen before really saved). */
async function expectStepDone(page: Page, step: string) {
  await page.goto('/console/setup');
  await expect
    .poll(() => page.getByTestId(`setup-step-${step}`).getAttribute('data-done'), { timeout: 5_000 })
    .toBe('true');
}

/** Types into an Element Plus select that accepts new entries and takes the first match (or the new entry). */
async function chooseOrType(page: Page, selectTestId: string, text: string) {
  const select = page.getByTestId(selectTestId);
  await select.click();
  await select.locator('input').fill(text);
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item').filter({ hasText: text }).first().click();
}

/** Screenshots after Element Plus' transitions (messages, dialogs) have settled. */
async function shot(page: Page, name: string) {
  await expect
    .poll(() => page.locator('[class*="-enter-active"], [class*="-leave-active"]').count(), { timeout: 5_000 })
    .toBe(0);
  await screenshot(page, `journey-${name}`);
}

describe('empty install journey', () => {
  it(
    'the admin works down 开通向导 on screens; a senior books the 5th/15th haircut on a phone; the poster QR reads the public address',
    { timeout: 180_000 },
    async () => {
      const desk = await desktopContext(browser, server.baseUrl);
      contexts.push(desk);
      const admin = await desk.newPage();

      // ---- the admin signs in and, with no community yet, lands on 开通向导
      await signInWith(admin, '/console/login', ADMIN_PHONE, ADMIN_PASSWORD);
      await admin.waitForURL(/\/console\/setup$/);
      await expect.poll(() => admin.getByTestId('setup-progress').innerText()).toContain('已完成 0 / 7 步');
      await shot(admin, '01-setup-empty-desktop');

      // ---- 中心信息: name and public address
      await admin.getByTestId('setup-step-center').getByRole('link').click();
      await admin.waitForURL(/\/console\/center$/);
      await field(admin, 'center-name').fill(CENTER_NAME);
      await field(admin, 'center-public-url').fill(PUBLIC_URL);
      await admin.getByTestId('center-submit').click();
      await expect.poll(() => admin.locator('.el-message').innerText()).toContain('中心信息已保存');
      await expectStepDone(admin, 'center');

      // ---- 社区与场地: two communities, a venue each
      await admin.getByTestId('setup-step-communities').getByRole('link').click();
      await admin.waitForURL(/\/console\/communities$/);
      for (const c of COMMUNITIES) {
        await field(admin, 'community-name').fill(c.name);
        await admin.getByTestId('community-submit').click();
        // the new community is selected: its venues are on the right
        await expect.poll(() => admin.locator('.zl-communities__venues h3').innerText()).toBe(`${c.name}的场地`);
        await field(admin, 'venue-name').fill(c.venue);
        await admin.getByTestId('venue-submit').click();
        await expect.poll(() => admin.getByTestId('venues-table').innerText()).toContain(c.venue);
        if (c.nextDoor) {
          await field(admin, 'venue-name').fill(c.nextDoor);
          await admin.getByTestId('venue-submit').click();
          await expect.poll(() => admin.getByTestId('venues-table').innerText()).toContain(c.nextDoor);
        }
      }
      await shot(admin, '02-communities-desktop');
      await expectStepDone(admin, 'communities');

      // ---- 账号: a community staff member for each community
      await admin.getByTestId('setup-step-accounts').getByRole('link').click();
      await admin.waitForURL(/\/console\/users$/);
      for (const c of COMMUNITIES) {
        await admin.getByTestId('users-new').click();
        await field(admin, 'user-name').fill(c.staff.name);
        await field(admin, 'user-phone').fill(c.staff.phone);
        await field(admin, 'user-password').fill(c.staff.password);
        await pickOption(admin, 'user-community-0', c.name);
        await admin.getByTestId('user-submit').click();
        await expect.poll(() => admin.getByTestId('users-table').innerText()).toContain(c.staff.name);
      }
      await shot(admin, '03-users-desktop');
      await expectStepDone(admin, 'accounts');

      // ---- 积分规则: the center's template, then copied into both communities
      await admin.goto('/console/points/template');
      await admin.getByTestId('rules-form-add').click();
      await field(admin, 'rules-form-name').fill('参加社区活动');
      await pickOption(admin, 'rules-form-category', '活动参与');
      await field(admin, 'rules-form-points').fill('5');
      await field(admin, 'rules-form-per-day').fill('1');
      await admin.getByTestId('template-save').click();
      await expect.poll(() => admin.getByTestId('template-saved').innerText()).toContain('模板已保存（1条）');
      await shot(admin, '04-rules-template-desktop');

      await admin.goto('/console/setup');
      await admin.getByTestId('setup-step-pointsRules').getByRole('link').click();
      await admin.waitForURL(/\/console\/points\/rules$/);
      for (const c of COMMUNITIES) {
        await pickOption(admin, 'rules-community', c.name);
        const copy = admin.getByTestId('rules-copy');
        await expect.poll(() => copy.getByTestId('rules-copy-rule').count()).toBe(1);
        await copy.getByTestId('rules-copy-submit').click();
        await expect.poll(() => copy.getByTestId('rules-copy-result').innerText()).toContain('已复制1条');
        await expect.poll(() => admin.getByTestId('rules-rule').first().innerText()).toContain('参加社区活动');
      }
      await shot(admin, '05-rules-copied-desktop');
      await expectStepDone(admin, 'pointsRules');

      // ---- 社区益家: a new item on the shelf with a private donation
      await admin.goto('/console/shop/items');
      await pickOption(admin, 'items-community', COMMUNITIES[0].name);
      await admin.getByTestId('donation-open').click();
      await pickOption(admin, 'donation-item', '新增物品');
      await field(admin, 'donation-new-name').fill('洗衣液（2升）');
      await field(admin, 'donation-new-price').fill('50');
      await field(admin, 'donation-quantity').fill('12');
      await field(admin, 'donation-donor-name').fill('郭振华');
      await admin.getByTestId('donation-submit').click();
      await expect.poll(() => admin.getByTestId('items-row').first().innerText()).toContain('洗衣液（2升）');
      expect(await admin.getByTestId('items-row').first().innerText()).toContain('12');
      await shot(admin, '06-shop-items-desktop');
      await expectStepDone(admin, 'shop');

      // ---- 便民服务: 1元理发屋 on the 5th and 15th, morning and afternoon, 25 places, 60+, 健康小屋 next door
      const serviceId = await createServiceOnScreen(admin, {
        name: BARBER,
        venue: COMMUNITIES[0].venue,
        price: '1',
        capacity: '25',
        minAge: '60',
        residentNote: '请带上会员卡，在服务站一楼等候叫号',
        companionNote: '排队时可以到隔壁健康小屋量血压、测血糖',
        shotName: '07-service-form-desktop',
      });
      // the 健康小屋 beside it: next door, the same mornings and afternoons, free, for every age
      const hutId = await createServiceOnScreen(admin, {
        name: HEALTH_HUT,
        venue: COMMUNITIES[0].nextDoor!,
        price: '0',
        capacity: '20',
        minAge: '',
        residentNote: '请带上会员卡和平时吃的药的药盒',
      });
      expect(hutId).not.toBe(serviceId);
      await shot(admin, '08-services-desktop');
      await expectStepDone(admin, 'services');

      // ---- the staff member of 槐荫社区 registers a senior at the desk, with a phone and a password
      const staffDesk = await desktopContext(browser, server.baseUrl);
      contexts.push(staffDesk);
      const staff = await staffDesk.newPage();
      const home = COMMUNITIES[0];
      await signInWith(staff, '/console/login', home.staff.phone, home.staff.password);
      await staff.goto('/console/residents/new');
      await field(staff, 'name').fill(SENIOR.name);
      await field(staff, 'birthDate').fill(SENIOR.birthDate);
      await expect.poll(() => staff.getByTestId('birthDate-feedback').innerText()).toContain('周岁');
      await field(staff, 'phone').fill(SENIOR.phone);
      await expect.poll(() => field(staff, 'password').isEnabled()).toBe(true);
      await field(staff, 'password').fill(SENIOR.password);
      await staff.getByTestId('submit').click();
      await staff.waitForURL(/\/console\/residents\/\d+\?created=1$/);
      await expect.poll(() => staff.getByTestId('resident-name').innerText()).toBe(SENIOR.name);
      await shot(staff, '09-resident-registered-desktop');

      // ---- 本周菜单: the staff member sends an activity for the next week still open for submissions
      const current = await readJson<{ nextWeek: string; nextWeekDeadline: string }>(staff, '/api/menus/current');
      const week =
        Date.now() + 5 * 60_000 < Date.parse(current.nextWeekDeadline)
          ? current.nextWeek
          : shiftWeek(current.nextWeek, 1);
      await staff.goto('/console/activities');
      await expect.poll(() => staff.getByTestId('menu-week').getAttribute('data-week')).toBe(current.nextWeek);
      // past the deadline the banner says so and points to the week after: the staff member steps on
      if (week !== current.nextWeek) {
        expect(await staff.getByTestId('activities-deadline').innerText()).toContain('已过截止时间');
        await staff.getByTestId('week-next').click();
        await expect.poll(() => staff.getByTestId('menu-week').getAttribute('data-week')).toBe(week);
      }
      const saturday = new Date(Date.parse(`${weekMonday(week)}T00:00:00Z`) + 5 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const title = '重阳敬老茶话会';
      await staff.getByTestId('activity-new').click();
      await field(staff, 'activity-form-title').fill(title);
      // only the center adds categories: a new name typed by staff is not offered, and the form says why
      await field(staff, 'activity-form-category').fill('文体活动');
      await expect.poll(() => staff.locator('.el-select-dropdown:visible').innerText()).toContain('无匹配数据');
      expect(await staff.getByTestId('activity-form-category-hint').innerText()).toContain('请联系中心添加');
      await chooseOrType(staff, 'activity-form-category', '节日活动');
      await pickOption(staff, 'activity-form-venue', home.venue);
      await field(staff, 'activity-form-date').fill(saturday);
      await field(staff, 'activity-form-start').fill('09:00');
      await field(staff, 'activity-form-end').fill('10:30');
      await field(staff, 'activity-form-capacity').fill('30');
      await pickOption(staff, 'activity-form-rule', '参加社区活动');
      await staff.getByTestId('activity-form-submit').click();
      const row = staff.getByTestId('console-activity-row').filter({ hasText: title });
      await expect.poll(() => row.getByTestId('activity-status').getAttribute('data-status')).toBe('draft');
      const activityId = Number(await row.getAttribute('data-activity-id'));
      await row.getByTestId('activity-submit').click();
      await expect.poll(() => row.getByTestId('activity-status').getAttribute('data-status')).toBe('submitted');
      await shot(staff, '10-activity-submitted-desktop');

      // ---- the admin approves and publishes the week
      await admin.goto('/console/menus');
      await admin.getByTestId('menu-week').waitFor();
      for (let step = 0; step < 3 && (await admin.getByTestId('menu-week').getAttribute('data-week')) !== week; step++)
        await admin.getByTestId('week-next').click();
      await expect.poll(() => admin.getByTestId('menu-week').getAttribute('data-week')).toBe(week);
      const review = admin.locator(`[data-testid="review-activity"][data-activity-id="${activityId}"]`);
      await review.getByTestId('review-approve').click();
      await expect.poll(() => review.getAttribute('data-status')).toBe('approved');
      await admin.getByTestId('review-publish-week').click();
      await admin.getByTestId('review-publish-confirm').click();
      await admin.getByTestId('review-published-at').waitFor();
      await expect.poll(() => review.getAttribute('data-status')).toBe('published');
      await shot(admin, '11-menu-published-desktop');

      // ---- the poster's QR code reads as the public address from 中心信息
      await admin.getByTestId('review-poster-link').click();
      await admin.waitForURL(new RegExp(`/console/menus/${week}/poster$`));
      await admin.getByTestId('poster-qr').locator('svg, canvas').first().waitFor();
      expect(await scanQr(admin.getByTestId('poster-qr'))).toBe(`${PUBLIC_URL}/menu/${week}`);
      await shot(admin, '12-poster-desktop');

      await expectStepDone(admin, 'menu');
      await expect.poll(() => admin.getByTestId('setup-progress').innerText()).toContain('已完成 7 / 7 步');
      await shot(admin, '13-setup-done-desktop');

      // ---- the senior, on her phone in 长辈版: signs in and books the next 5th/15th haircut
      const phone = await inSeniorMode(await phoneContext(browser, server.baseUrl));
      contexts.push(phone);
      const senior = await phone.newPage();
      await signInWith(senior, '/login', SENIOR.phone, SENIOR.password);
      await senior.goto('/services');
      await expect.poll(() => senior.getByTestId('service-card').filter({ hasText: HEALTH_HUT }).count()).toBe(1);
      await senior.getByTestId('service-card').filter({ hasText: BARBER }).click();
      await senior.waitForURL(new RegExp(`/services/${serviceId}$`));
      expect(await senior.getByTestId('service-companion-note').innerText()).toContain('健康小屋');
      const expected = nextHaircut(Date.now());
      const open = senior.locator('[data-testid="session-row"][data-state="open"]').first();
      await open.getByTestId('session-book').click();
      await open.getByTestId('session-book-confirm').click();
      await expect.poll(() => open.getByTestId('booking-number').getAttribute('data-number')).toBe('1');
      await shot(senior, '14-booked-senior-phone');
      expect(await overflowOf(senior)).toEqual({ scrollWidth: 390, offenders: [] });
      await expectSeniorSizes(senior);
      const bookings = await readJson<{ session: { date: string; period: string }; service: { name: string } }[]>(
        senior,
        '/api/me/bookings',
      );
      expect(bookings.map((b) => ({ ...b.session, service: b.service.name }))).toEqual([
        expect.objectContaining({ ...expected, service: BARBER }),
      ]);

      // ---- the console at 390 px: the screens of this journey fit the width
      const adminPhone = await phoneContext(browser, server.baseUrl);
      contexts.push(adminPhone);
      const small = await adminPhone.newPage();
      await signInWith(small, '/console/login', ADMIN_PHONE, ADMIN_PASSWORD);
      const overflowing: string[] = [];
      for (const path of [
        '/console/setup',
        '/console/center',
        '/console/communities',
        '/console/users',
        '/console/points/template',
        '/console/points/rules',
        '/console/shop/items',
        '/console/services',
        '/console/services/new',
        '/console/residents/new',
        `/console/activities?week=${week}`,
        `/console/menus?week=${week}`,
      ]) {
        await small.goto(path);
        await small.locator('#app > *').first().waitFor();
        await small.waitForLoadState('networkidle');
        const { scrollWidth, offenders } = await overflowOf(small);
        if (scrollWidth > 390 || offenders.length)
          overflowing.push(`${path} ${scrollWidth}px: ${offenders.join('; ')}`);
        await shot(small, `15-phone${path.replace(/\?.*$/, '').replaceAll('/', '-')}`);
      }
      // the shelf on the phone: every action of an item within reach, not in a box scrolled sideways
      await small.goto('/console/shop/items');
      const lastAction = small.getByTestId('items-row').first().getByTestId('items-movements');
      await lastAction.waitFor();
      const box = (await lastAction.boundingBox())!;
      if (box.x + box.width > 390) overflowing.push(`shop items: 流水 ends at ${Math.round(box.x + box.width)}px`);
      await shot(small, '15-phone-console-shop-items-cards');

      // 服务与预约 on the phone: a session's date reads on one line, not a character column
      await small.goto(`/console/services?serviceId=${serviceId}`);
      const when = small.getByTestId('session-row').first().locator('strong').first();
      await when.waitFor();
      const lines = await when.evaluate((el) =>
        Math.round(el.getBoundingClientRect().height / (parseFloat(getComputedStyle(el).fontSize) * 1.5)),
      );
      if (lines > 2) overflowing.push(`services: a session's date takes ${lines} lines`);
      await shot(small, '15-phone-console-services-cards');

      // 账号 on the phone: a staff member's 停用 within reach too
      await small.goto('/console/users');
      const disable = small.getByTestId('user-disable').last();
      await disable.waitFor();
      const end = await disable.boundingBox().then((b) => Math.round(b!.x + b!.width));
      if (end > 390) overflowing.push(`users: 停用 ends at ${end}px`);
      await shot(small, '15-phone-console-users-cards');

      // the activity form as a dialog on the phone: nothing past the right edge
      const firstCommunity = (await readJson<{ id: number; name: string }[]>(small, '/api/public/communities')).find(
        (c) => c.name === COMMUNITIES[0].name,
      )!;
      await small.goto(`/console/activities?week=${week}&communityId=${firstCommunity.id}`);
      await small.getByTestId('activity-new').click();
      await small.getByTestId('activity-form-title').waitFor();
      const { offenders } = await overflowOf(small);
      if (offenders.length) overflowing.push(`activity form dialog: ${offenders.join('; ')}`);
      await shot(small, '16-phone-activity-form');
      expect(overflowing).toEqual([]);
    },
  );
});
