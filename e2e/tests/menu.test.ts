import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { shiftWeek, weekMonday } from '@zhongli/domain';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { field, signIn, pickOption, inSeniorMode, expectSeniorSizes } from '../support/journey.js';

/**
 * The weekly menu journey on the demo county, with the real clock:
 * - 补充发布: 东城社区 adds an activity starting in half a minute with one place, the center publishes it at
 *   once; a resident signs up on her phone (长辈版), a second is waitlisted, the first cancels and
 *   the second is promoted and told; the organiser shows the rotating code, the resident checks in
 *   and sees the points;
 * - meanwhile the weekly cycle for the next open week: 东城 and 西城 submit (one through the console
 *   form), the center sees the venue clash on both activities, returns one with a reason,
 *   approves the rest and publishes the week; the public menu on a phone lists what was approved;
 * - once the activity has started, staff publish its result and it appears on the public wall.
 */
let server: RunningServer;
let browser: Browser;

const PASSWORD = 'zhongli2026';
const ADMIN = '13800000000';
const DONGCHENG_STAFF = '13800000001';
const XICHENG_STAFF = '13800000002';
const RESIDENT_A = '13900000001';
const RESIDENT_B = '13900000002';

beforeAll(async () => {
  server = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const byId = (page: Page, testId: string, id: number) =>
  page.locator(`[data-testid="${testId}"][data-activity-id="${id}"]`);

async function seniorPhone(): Promise<BrowserContext> {
  return inSeniorMode(await phoneContext(browser, server.baseUrl));
}

/** Screenshots after Element Plus' enter transitions (tags zoom in from nothing) have finished. */
async function shot(page: Page, name: string) {
  await expect
    .poll(() => page.locator('[class*="-enter-active"], [class*="-leave-active"]').count(), { timeout: 5_000 })
    .toBe(0);
  await screenshot(page, name);
}

/** '2026-12-12T09:00:00+08:00' — a county date and time as the API expects. */
const countyInstant = (date: string, time: string) => `${date}T${time}:00+08:00`;
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe('weekly menu journey', () => {
  it('submit, clash, return, approve and publish; sign up, waitlist, promotion; rotating-code check-in with points; result on the wall', async () => {
    const communities = (await (await fetch(`${server.baseUrl}/api/public/communities`)).json()) as {
      id: number;
      name: string;
    }[];
    const DONGCHENG = communities.find((c) => c.name === '东城社区')!.id;
    const XICHENG = communities.find((c) => c.name === '西城社区')!.id;
    const rules = (await (
      await fetch(`${server.baseUrl}/api/public/points-rules?communityId=${DONGCHENG}`)
    ).json()) as { rules: { id: number; code: string; points: number; name: string }[] };
    const activityRule = rules.rules.find((r) => r.code === 'ACTIVITY')!;
    expect(activityRule.points).toBeGreaterThan(0);

    // ---- everyone signs in first, so the half-minute before the start below is spent on the journey
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', DONGCHENG_STAFF);
    const center = await desktopContext(browser, server.baseUrl);
    const admin = await center.newPage();
    await signIn(admin, '/console/login', ADMIN);
    const phoneA = await seniorPhone();
    const residentA = await phoneA.newPage();
    await signIn(residentA, '/login', RESIDENT_A);
    const phoneB = await seniorPhone();
    const residentB = await phoneB.newPage();
    await signIn(residentB, '/login', RESIDENT_B);
    const balanceOf = async (page: Page) => {
      await page.goto('/points');
      await expect.poll(() => page.getByTestId('points-balance').innerText(), { timeout: 10_000 }).toMatch(/^\d+$/);
      return Number(await page.getByTestId('points-balance').innerText());
    };
    const balanceBefore = await balanceOf(residentB);

    const venues = (await (await staff.request.get(`/api/communities/${DONGCHENG}/venues`)).json()) as {
      id: number;
      name: string;
    }[];
    const hall = venues.find((v) => v.name === '党群服务中心')!;
    const room = venues.find((v) => v.name === '社区活动室')!;

    // ---- 1. 补充发布: an activity starting in half a minute, one place, points on check-in
    const startsAt = Date.now() + 30_000;
    const liveTitle = '剪纸体验课（补充）';
    const created = await staff.request.post('/api/activities', {
      data: {
        communityId: DONGCHENG,
        title: liveTitle,
        category: '节日活动',
        venueId: room.id,
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 2 * 3_600_000).toISOString(),
        capacity: 1,
        pointsRuleId: activityRule.id,
      },
    });
    expect(created.status()).toBe(201);
    const live = ((await created.json()) as { id: number }).id;
    const published = await admin.request.post(`/api/activities/${live}/publish`);
    expect(published.status()).toBe(200);

    // ---- 2. resident A signs up on her phone and takes the only place
    await residentA.goto(`/activities/${live}`);
    await expect.poll(() => residentA.getByTestId('activity-title').innerText()).toBe(liveTitle);
    await residentA.getByTestId('activity-register').click();
    await residentA.getByTestId('activity-register-confirm').click();
    await expect
      .poll(() => residentA.getByTestId('activity-registration-status').innerText(), { timeout: 5_000 })
      .toBe('已报名');
    await expect.poll(() => residentA.getByTestId('activity-registered').innerText()).toContain('1');

    // ---- 3. resident B finds it full and joins the waitlist
    await residentB.goto(`/activities/${live}`);
    await expect
      .poll(() => residentB.getByTestId('activity-register').innerText(), { timeout: 5_000 })
      .toContain('名额已满');
    await residentB.getByTestId('activity-register').click();
    await residentB.getByTestId('activity-register-confirm').click();
    await expect
      .poll(() => residentB.getByTestId('activity-registration-status').innerText(), { timeout: 5_000 })
      .toBe('候补第1位');
    await shot(residentB, 'menu-3-waitlisted-senior');

    // ---- 4. A cancels; B is promoted and told
    await residentA.getByTestId('activity-cancel-registration').click();
    await residentA.getByTestId('activity-cancel-confirm').click();
    await residentA.getByTestId('activity-registration-status').waitFor({ state: 'detached' });
    // the place went straight to B, so for A the activity is full again
    await expect
      .poll(() => residentA.getByTestId('activity-register').innerText(), { timeout: 5_000 })
      .toContain('名额已满');
    expect(Date.now()).toBeLessThan(startsAt); // sign-up and cancellation happened before the start, as a resident would

    await residentB.reload();
    await expect
      .poll(() => residentB.getByTestId('activity-registration-status').innerText(), { timeout: 5_000 })
      .toBe('已报名');
    await residentB.goto('/me/activities');
    await residentB.getByTestId('notifications-unread').waitFor();
    await expect
      .poll(() => residentB.getByTestId('notification').first().innerText())
      .toContain(`候补成功：${liveTitle}`);
    expect(await byId(residentB, 'my-activity', live).getByTestId('my-activity-status').innerText()).toBe('已报名');

    // ---- 5. the organiser holds up the rotating code; B scans it and gets the points
    await staff.goto(`/console/activities/${live}/checkin`);
    await staff.getByTestId('checkin-qr').locator('svg').first().waitFor();
    await expect.poll(() => staff.getByTestId('checkin-code').innerText(), { timeout: 10_000 }).toMatch(/^\d{6}$/);
    await expect
      .poll(() => staff.getByTestId('checkin-count').getAttribute('data-registered'), { timeout: 10_000 })
      .toBe('1');
    expect(await staff.getByTestId('checkin-count').getAttribute('data-checked-in')).toBe('0');
    await shot(staff, 'menu-4-organiser-checkin');
    // what the phone's camera reads: the QR's link, which carries the code shown beside it
    const scanned = await staff.evaluate(() => ({
      url: document.querySelector('[data-testid="checkin-qr"]')!.getAttribute('data-url')!,
      code: document.querySelector('[data-testid="checkin-code"]')!.textContent!.trim(),
    }));
    const qr = new URL(scanned.url);
    expect(qr.origin).toBe(server.baseUrl); // PUBLIC_URL, not whatever address the desk opened
    expect(qr.pathname).toBe(`/checkin/${live}`);
    expect(qr.searchParams.get('code')).toBe(scanned.code);

    await residentB.goto(`${qr.pathname}${qr.search}`);
    await residentB.getByTestId('checkin-result').waitFor();
    expect(await residentB.getByTestId('checkin-result').innerText()).toContain('签到成功');
    expect(await residentB.getByTestId('checkin-points').innerText()).toContain(`+${activityRule.points} 积分`);
    expect(await residentB.getByTestId('checkin-points').innerText()).toContain(
      String(balanceBefore + activityRule.points),
    );
    await shot(residentB, 'menu-5-checkin-success-senior');
    expect(await balanceOf(residentB)).toBe(balanceBefore + activityRule.points);
    expect(await residentB.getByTestId('points-entry').first().innerText()).toContain(`+${activityRule.points}`);
    await expect
      .poll(() => staff.getByTestId('checkin-count').getAttribute('data-checked-in'), { timeout: 10_000 })
      .toBe('1');

    // ---- 6. the weekly cycle, for the next week still open for submissions
    const current = (await (await staff.request.get('/api/menus/current')).json()) as {
      thisWeek: string;
      nextWeek: string;
      nextWeekDeadline: string;
    };
    const week =
      Date.now() + 5 * 60_000 < Date.parse(current.nextWeekDeadline)
        ? current.nextWeek
        : shiftWeek(current.nextWeek, 1);
    const saturday = addDays(weekMonday(week), 5);

    // 东城 through the console form: 太极拳 in the hall, 9:00–10:30
    const formTitle = '太极拳入门体验';
    await staff.goto(`/console/activities?week=${week}`);
    await expect.poll(() => staff.getByTestId('menu-week').getAttribute('data-week')).toBe(week);
    await staff.getByTestId('activity-new').click();
    await field(staff, 'activity-form-title').fill(formTitle);
    await pickOption(staff, 'activity-form-category', '健康讲座');
    await pickOption(staff, 'activity-form-venue', '党群服务中心');
    await field(staff, 'activity-form-date').fill(saturday);
    await field(staff, 'activity-form-start').fill('09:00');
    await field(staff, 'activity-form-end').fill('10:30');
    await field(staff, 'activity-form-capacity').fill('30');
    await pickOption(staff, 'activity-form-rule', activityRule.name);
    await staff.getByTestId('activity-form-submit').click();
    const formRow = staff.getByTestId('console-activity-row').filter({ hasText: formTitle });
    await expect
      .poll(() => formRow.getByTestId('activity-status').getAttribute('data-status'), { timeout: 5_000 })
      .toBe('draft');
    const clashA = Number(await formRow.getAttribute('data-activity-id'));
    expect(await formRow.innerText()).toContain(`党群服务中心`);
    expect(await formRow.innerText()).toContain(`签到 +${activityRule.points} 分`);
    await formRow.getByTestId('activity-submit').click();
    await expect
      .poll(() => formRow.getByTestId('activity-status').getAttribute('data-status'), { timeout: 5_000 })
      .toBe('submitted');

    // 东城 again by the API: a lecture in the same hall, 10:00–11:30 — overlapping
    const createAndSubmit = async (page: Page | BrowserContext, data: Record<string, unknown>) => {
      const res = await page.request.post('/api/activities', { data });
      expect(res.status()).toBe(201);
      const { id } = (await res.json()) as { id: number };
      expect((await page.request.post(`/api/activities/${id}/submit`)).status()).toBe(200);
      return id;
    };
    const clashB = await createAndSubmit(staff, {
      communityId: DONGCHENG,
      title: '防诈骗知识讲座',
      category: '普法宣传',
      venueId: hall.id,
      startsAt: countyInstant(saturday, '10:00'),
      endsAt: countyInstant(saturday, '11:30'),
      capacity: 40,
    });
    // 西城 by the API: no clash
    const xicheng = await browser.newContext({ baseURL: server.baseUrl });
    expect(
      (await xicheng.request.post('/api/auth/login', { data: { phone: XICHENG_STAFF, password: PASSWORD } })).ok(),
    ).toBe(true);
    const xiVenues = (await (await xicheng.request.get(`/api/communities/${XICHENG}/venues`)).json()) as {
      id: number;
      name: string;
    }[];
    const other = await createAndSubmit(xicheng, {
      communityId: XICHENG,
      title: '手工编织课',
      category: '草编培训',
      venueId: xiVenues.find((v) => v.name === '手工坊')!.id,
      startsAt: countyInstant(saturday, '09:30'),
      endsAt: countyInstant(saturday, '11:00'),
      capacity: 12,
    });
    await xicheng.close();

    // ---- 7. the center reviews the week side by side and sees the clash on both activities
    await admin.goto('/console/menus');
    await admin.getByTestId('menu-week').waitFor();
    if ((await admin.getByTestId('menu-week').getAttribute('data-week')) !== week)
      await admin.getByTestId('week-next').click();
    await expect.poll(() => admin.getByTestId('menu-week').getAttribute('data-week')).toBe(week);
    await byId(admin, 'review-activity', other).waitFor();
    for (const [mine, theirs] of [
      [clashA, clashB],
      [clashB, clashA],
    ] as const) {
      const clash = byId(admin, 'review-activity', mine).getByTestId('review-clash');
      expect(await clash.count()).toBe(1);
      expect(await clash.getAttribute('data-kind')).toBe('venue');
      expect(await clash.getAttribute('data-other-id')).toBe(String(theirs));
    }
    expect(await byId(admin, 'review-activity', other).getByTestId('review-clash').count()).toBe(0);
    await shot(admin, 'menu-1-review-clash');

    // return the lecture with a reason; approve the rest; publish the week in one step
    const reason = '与太极拳同一时段使用党群服务中心，请改到下午';
    const lecture = byId(admin, 'review-activity', clashB);
    await lecture.getByTestId('review-return').click();
    await field(admin, 'review-return-reason').fill(reason);
    await lecture.getByTestId('review-return-confirm').click();
    await expect.poll(() => lecture.getAttribute('data-status'), { timeout: 5_000 }).toBe('returned');
    expect(await lecture.innerText()).toContain(reason);
    // with one of the pair returned, the clash is gone from the other
    await expect.poll(() => byId(admin, 'review-activity', clashA).getByTestId('review-clash').count()).toBe(0);
    for (const id of [clashA, other]) {
      await byId(admin, 'review-activity', id).getByTestId('review-approve').click();
      await expect
        .poll(() => byId(admin, 'review-activity', id).getAttribute('data-status'), { timeout: 5_000 })
        .toBe('approved');
    }
    expect(await admin.getByTestId('review-publish-week').innerText()).toContain('2 项');
    await admin.getByTestId('review-publish-week').click();
    await admin.getByTestId('review-publish-confirm').click();
    await admin.getByTestId('review-published-at').waitFor();
    await expect.poll(() => byId(admin, 'review-activity', clashA).getAttribute('data-status')).toBe('published');
    expect(await byId(admin, 'review-activity', other).getAttribute('data-status')).toBe('published');
    expect(await lecture.getAttribute('data-status')).toBe('returned');

    // links in the article, posters and feeds go to the deployment's PUBLIC_URL, shown read-only in 中心信息
    await admin.goto('/console/center');
    await expect.poll(() => field(admin, 'center-public-url').inputValue()).toBe(server.baseUrl);
    expect(await admin.getByText('由部署配置 PUBLIC_URL 设定').count()).toBe(1);
    expect(await admin.getByTestId('public-url-banner').count()).toBe(0);

    // 东城 sees why the lecture came back
    await staff.goto(`/console/activities?week=${week}`);
    const returnedRow = byId(staff, 'console-activity-row', clashB);
    await expect
      .poll(() => returnedRow.getByTestId('activity-return-reason').innerText(), { timeout: 5_000 })
      .toContain(reason);

    // ---- 8. the public menu on a phone, in 长辈版: the approved two, not the returned one
    await residentA.goto(`/menu/${week}`);
    await byId(residentA, 'menu-activity', clashA).waitFor();
    expect(await byId(residentA, 'menu-activity', clashA).innerText()).toContain(formTitle);
    expect(await byId(residentA, 'menu-activity', other).innerText()).toContain('手工编织课');
    expect(await byId(residentA, 'menu-activity', clashB).count()).toBe(0);
    expect(await residentA.getByTestId('menu-not-published').count()).toBe(0);
    await shot(residentA, 'menu-2-public-menu-senior');
    await expectSeniorSizes(residentA);

    // ---- 9. once the activity has started, 东城 publishes the result with a photo; it is on the wall
    await expect.poll(() => Date.now() > startsAt, { timeout: 40_000, interval: 250 }).toBe(true);
    const liveWeek = (await (await fetch(`${server.baseUrl}/api/public/activities/${live}`)).json()).week as string;
    await staff.goto(`/console/activities?week=${liveWeek}`);
    const liveRow = byId(staff, 'console-activity-row', live);
    await liveRow.getByTestId('activity-result-link').click();
    const summary = '12位居民学剪“福”字和窗花，现场签到后领取了积分。';
    await field(staff, 'result-form-summary').fill(summary);
    const photo = await sharp({
      create: { width: 640, height: 480, channels: 3, background: { r: 200, g: 40, b: 40 } },
    })
      .png()
      .toBuffer();
    await staff
      .getByTestId('result-form-photo')
      .setInputFiles({ name: 'jianzhi.png', mimeType: 'image/png', buffer: photo });
    await staff.locator('.zl-result-photos__item img').first().waitFor({ timeout: 10_000 });
    await staff.getByTestId('result-form-submit').click();
    await staff.getByTestId('result-form').waitFor({ state: 'hidden' });

    await residentB.goto(`/results?communityId=${DONGCHENG}`);
    const card = byId(residentB, 'result-card', live);
    await card.waitFor();
    expect(await card.getByTestId('result-attendance').innerText()).toContain('实到 1 人');
    expect(await card.innerText()).toContain(summary);
    expect(await card.locator('.zl-result__thumb img').count()).toBe(1);
    await shot(residentB, 'menu-6-results-wall-senior');

    await phoneA.close();
    await phoneB.close();
    await center.close();
    await desk.close();
  });
});
