import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startPlatform, type RunningServer } from '../support/server.js';
import { desktopContext, launchBrowser, phoneContext, screenshot } from '../support/browser.js';
import { field, signIn, inSeniorMode, expectSeniorSizes, pickOption } from '../support/journey.js';

/**
 * The 1元理发屋 journey on the demo county (苗圃社区): a senior books on a phone in 长辈版; staff
 * book for a senior without a phone and print a number slip; the barber calls numbers and the
 * waiting-hall display follows; a resident steps out to the 健康小屋 and is called back; a
 * volunteer swaps a shift and the gap list updates; staff call a session off with a reason.
 */
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  server = await startPlatform();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('1元理发屋 journey', () => {
  it('books, issues a slip, calls numbers with the display following, handles 暂离, and swaps a shift', async () => {
    const services = (await (await fetch(`${server.baseUrl}/api/public/services`)).json()) as {
      id: number;
      name: string;
    }[];
    const barbershop = services.find((s) => s.name === '1元理发屋')!;
    const sessions = (await (
      await fetch(`${server.baseUrl}/api/public/services/${barbershop.id}/sessions`)
    ).json()) as { id: number; date: string; period: string; bookingOpensAt: string; booked: number; status: string }[];
    const session = sessions.find((s) => s.status === 'open' && Date.parse(s.bookingOpensAt) <= Date.now())!;
    expect(session).toBeTruthy();

    // 1. 李桂兰 (13900000001, 60+, 苗圃社区) books on her phone in 长辈版.
    const phone = await inSeniorMode(await phoneContext(browser, server.baseUrl));
    const mobile = await phone.newPage();
    await signIn(mobile, '/login', '13900000001', /\/$/);
    await mobile.goto(`/services/${barbershop.id}`);
    const row = mobile.locator(`[data-testid="session-row"][data-session-id="${session.id}"]`);
    await row.getByTestId('session-book').click();
    await row.getByTestId('session-book-confirm').click();
    const number = mobile.getByTestId('booking-number');
    await number.waitFor();
    const herNumber = Number(await number.getAttribute('data-number'));
    expect(herNumber).toBeGreaterThan(0);
    await screenshot(mobile, 'services-1-booked-senior');
    await expectSeniorSizes(mobile);

    // 2. The desk books a senior without a phone and prints the number slip.
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000003', /\/console(\/residents)?$/);
    const list = (await (await staff.request.get('/api/residents?communityId=3&pageSize=100')).json()).residents as {
      id: number;
      name: string;
      memberCode: string;
      age: number;
      phoneMasked: string | null;
    }[];
    const noPhone = list.find((r) => r.age >= 62 && r.phoneMasked === null)!;
    await staff.goto(`/console/services/${barbershop.id}`);
    await field(staff, 'desk-code-input').fill(noPhone.memberCode);
    await field(staff, 'desk-code-input').press('Enter');
    await staff.locator('select[data-testid="desk-session"]').selectOption(String(session.id));
    await staff.getByTestId('desk-book').click();
    const slip = staff.getByTestId('slip');
    await slip.waitFor();
    const slipNumber = Number(await slip.getAttribute('data-number'));
    expect(slipNumber).toBeGreaterThan(herNumber);
    expect(await slip.innerText()).toContain('1元理发屋');
    await screenshot(staff, 'services-2-slip');

    // 3. The barber (赵师傅, 13600000001) calls numbers on a phone; the waiting-hall display follows.
    const barberPhone = await phoneContext(browser, server.baseUrl);
    const barber = await barberPhone.newPage();
    await signIn(barber, '/login', '13600000001', /\/$/);
    await barber.goto(`/console/sessions/${session.id}/queue`);
    const tv = await browser.newContext({
      baseURL: server.baseUrl,
      viewport: { width: 1920, height: 1080 },
      locale: 'zh-CN',
    });
    const hall = await tv.newPage();
    await hall.goto(`/display/sessions/${session.id}`);
    const queue = (await (await barber.request.get(`/api/service-sessions/${session.id}/queue`)).json()) as {
      entries: { bookingId: number; queueNumber: number; state: string }[];
    };
    const waiting = queue.entries.filter((e) => e.state === 'waiting').sort((a, b) => a.queueNumber - b.queueNumber);
    expect(waiting.length).toBeGreaterThanOrEqual(2);

    // Before the first call the box says 请稍候 on its own, without a stray 请 above it.
    await expect
      .poll(async () => (await hall.locator('.zl-hall__now').innerText()).split('\n')[0]!.trim())
      .toBe('请稍候');
    await barber.getByTestId('queue-next').click();
    await expect
      .poll(() => barber.getByTestId('queue-current').getAttribute('data-number'))
      .toBe(String(waiting[0]!.queueNumber));
    await expect
      .poll(() => hall.getByTestId('display-current').getAttribute('data-number'), { timeout: 10_000 })
      .toBe(String(waiting[0]!.queueNumber));
    await screenshot(hall, 'services-3-hall-display');

    // 4. The next in line steps out to the 健康小屋 (暂离) and is called back before the numbers after them.
    const stepper = waiting[1]!;
    const stepperRow = barber.locator(`[data-testid="queue-entry"][data-booking-id="${stepper.bookingId}"]`);
    // 理发、问诊两不误: the barber gives them a 健康小屋 number from the same screen before they step out.
    await stepperRow.getByTestId('queue-companion').first().click();
    await expect.poll(() => stepperRow.getByTestId('queue-also-today').count()).toBe(1);
    expect(await stepperRow.getByTestId('queue-also-today').innerText()).toContain('健康小屋');
    await stepperRow.getByTestId('queue-away').click();
    await expect
      .poll(async () => (await hall.getByTestId('display-away').innerText()).includes(String(stepper.queueNumber)), {
        timeout: 10_000,
      })
      .toBe(true);
    await barber.getByTestId('queue-next').click();
    const third = waiting[2]?.queueNumber;
    if (third)
      await expect.poll(() => barber.getByTestId('queue-current').getAttribute('data-number')).toBe(String(third));
    await stepperRow.getByTestId('queue-back').click();
    await barber.getByTestId('queue-next').click();
    await expect
      .poll(() => barber.getByTestId('queue-current').getAttribute('data-number'))
      .toBe(String(stepper.queueNumber));
    await expect
      .poll(() => hall.getByTestId('display-current').getAttribute('data-number'), { timeout: 10_000 })
      .toBe(String(stepper.queueNumber));
    await barber
      .locator(`[data-testid="queue-entry"][data-booking-id="${stepper.bookingId}"]`)
      .getByTestId('queue-attend')
      .click();
    await screenshot(barber, 'services-4-barber-queue');
    await expect
      .poll(
        async () =>
          (
            (await (await barber.request.get(`/api/service-sessions/${session.id}/queue`)).json()) as {
              counts: { served: number };
            }
          ).counts.served,
      )
      .toBeGreaterThanOrEqual(1);

    // 5. A barber with a shift on the short-handed afternoon swaps another shift; the gap list is what staff see.
    const gapsBefore = (await (await staff.request.get('/api/roster/gaps?days=62')).json()) as { sessionId: number }[];
    const soon = (await (await staff.request.get('/api/roster/gaps?days=14')).json()) as { sessionId: number }[];
    await staff.goto('/console/roster/gaps'); // the next 14 days, as the console warns
    if (soon.length) {
      await staff.getByTestId('gaps-row').first().waitFor();
      expect(await staff.getByTestId('gaps-row').count()).toBe(soon.length);
    }
    await screenshot(staff, 'services-5-gaps');
    const shifts = (await (await barber.request.get('/api/me/shifts')).json()) as {
      assignmentId: number;
      session: { id: number };
    }[];
    expect(shifts.length).toBeGreaterThan(0);
    const roster = (await (
      await staff.request.get(
        `/api/services/${barbershop.id}/roster?month=${sessions.find((s) => s.id === shifts[0]!.session.id)?.date.slice(0, 7) ?? session.date.slice(0, 7)}`,
      )
    ).json()) as {
      sessions: { id: number; assigned: { userId: number }[] }[];
      volunteers: { userId: number; name: string }[];
    };
    const onIt = roster.sessions.find((s) => s.id === shifts[0]!.session.id)!.assigned.map((a) => a.userId);
    const colleague = roster.volunteers.find((v) => !onIt.includes(v.userId))!;
    await barber.goto('/me/shifts');
    const shiftCard = barber.locator(`[data-testid="shift"][data-assignment-id="${shifts[0]!.assignmentId}"]`);
    await shiftCard.getByTestId('shift-swap').click();
    await shiftCard.locator('select[data-testid="shift-swap-to"]').selectOption(String(colleague.userId));
    await shiftCard.getByTestId('shift-swap-submit').click();
    await expect
      .poll(async () =>
        (
          (await (await barber.request.get('/api/me/swaps')).json()) as {
            direction: string;
            status: string;
            to: { userId: number } | null;
          }[]
        ).some((c) => c.direction === 'outgoing' && c.status === 'pending' && c.to?.userId === colleague.userId),
      )
      .toBe(true);
    const colleaguePhone = await phoneContext(browser, server.baseUrl);
    const other = await colleaguePhone.newPage();
    const colleaguePhoneNumber = `1360000000${(await (await staff.request.get(`/api/services/${barbershop.id}/volunteers`)).json()).findIndex((v: { userId: number }) => v.userId === colleague.userId) + 1}`;
    await signIn(other, '/login', colleaguePhoneNumber, /\/$/);
    await other.goto('/me/shifts');
    await other.getByTestId('swap-incoming').first().getByTestId('swap-accept').click();
    await expect
      .poll(async () => {
        const after = (await (
          await staff.request.get(`/api/services/${barbershop.id}/roster?month=${session.date.slice(0, 7)}`)
        ).json()) as { sessions: { id: number; assigned: { userId: number }[] }[] };
        const s = after.sessions.find((x) => x.id === shifts[0]!.session.id);
        return s ? s.assigned.some((a) => a.userId === colleague.userId) : null;
      })
      .not.toBe(false);
    await screenshot(other, 'services-6-swap-accepted');
    // Next month's availability: what is marked survives a reload, so saving again does not wipe it.
    const free = other.locator('[data-testid="availability-session"][data-available="true"]').first();
    const freeId = await free.getAttribute('data-session-id');
    await free.click();
    await other.getByTestId('availability-save').click();
    await expect
      .poll(async () => {
        const all = (await (
          await other.request.get(
            `/api/services/${barbershop.id}/availability?month=${sessions.find((s) => String(s.id) === freeId)!.date.slice(0, 7)}`,
          )
        ).json()) as { unavailableSessionIds: number[] };
        return all.unavailableSessionIds.includes(Number(freeId));
      })
      .toBe(true);
    await other.reload();
    await expect
      .poll(() =>
        other
          .locator(`[data-testid="availability-session"][data-session-id="${freeId}"]`)
          .getAttribute('data-available'),
      )
      .toBe('false');
    // A swap keeps the cover; a drop approved by staff leaves a hole, and the gap list shows it at once.
    expect(
      ((await (await staff.request.get('/api/roster/gaps?days=62')).json()) as { sessionId: number }[]).length,
    ).toBe(gapsBefore.length);
    const colleagueShifts = (await (await other.request.get('/api/me/shifts')).json()) as {
      assignmentId: number;
      session: { id: number };
    }[];
    // A shift within the next 14 days, so that the console's gap list (14 days) must show it.
    const fortnight = Date.now() + 14 * 86_400_000;
    const toDrop = colleagueShifts.find(
      (x) =>
        !gapsBefore.some((g) => g.sessionId === x.session.id) &&
        Date.parse(`${sessions.find((s) => s.id === x.session.id)?.date}T00:00:00+08:00`) < fortnight,
    )!;
    expect(toDrop).toBeTruthy();
    const drop = await other.request.post(`/api/roster/assignments/${toDrop.assignmentId}/drop`, {
      data: { reason: '家里有事' },
    });
    expect(drop.status()).toBe(201);
    // Staff approve it on the roster, where the shift is.
    const dropMonth = sessions.find((s) => s.id === toDrop.session.id)!.date.slice(0, 7);
    await staff.goto(`/console/services/${barbershop.id}/roster?month=${dropMonth}`);
    const cell = staff.locator(
      `[data-testid="roster-cell"][data-session-id="${toDrop.session.id}"][data-user-id="${colleague.userId}"]`,
    );
    await cell.getByTestId('roster-drop-approve').click();
    await expect.poll(() => cell.getAttribute('data-assigned')).toBe('false');
    expect(
      (
        (await (await staff.request.get(`/api/services/${barbershop.id}/roster?month=${dropMonth}`)).json()) as {
          sessions: { assigned: { assignmentId: number }[] }[];
        }
      ).sessions
        .flatMap((s) => s.assigned)
        .some((a) => a.assignmentId === toDrop.assignmentId),
    ).toBe(false);
    // The hole is filled by recruiting: a new volunteer account joins the pool from the roster.
    const recruit = await staff.request.post('/api/users', {
      data: {
        name: '钱新师傅',
        phone: '13600000099',
        password: 'tongcheng2026',
        roles: [{ role: 'volunteer', communityId: 3 }],
      },
    });
    expect(recruit.status()).toBe(201);
    await staff.reload();
    await staff.getByTestId('roster-add-volunteer').click();
    await staff
      .locator('.el-select-dropdown:visible .el-select-dropdown__item')
      .filter({ hasText: '钱新师傅' })
      .first()
      .click();
    await staff.getByTestId('roster-add-volunteer-submit').click();
    await expect
      .poll(async () =>
        (
          (await (await staff.request.get(`/api/services/${barbershop.id}/volunteers`)).json()) as { name: string }[]
        ).map((v) => v.name),
      )
      .toContain('钱新师傅');
    await expect.poll(() => staff.locator('th').filter({ hasText: '钱新师傅' }).count()).toBe(1);
    await screenshot(staff, 'services-8-roster');
    await staff.goto('/console/roster/gaps');
    await expect
      .poll(() => staff.locator(`[data-testid="gaps-row"][data-session-id="${toDrop.session.id}"]`).count())
      .toBe(1);
    await screenshot(staff, 'services-7-gaps-after-drop');

    // 6. Staff call a session off in the console's reason dialog; the residents who booked it are told.
    await staff.goto(`/console/services/${barbershop.id}`);
    const callOff = staff.locator('[data-testid="session-row"][data-status="open"]').last();
    const callOffId = await callOff.getAttribute('data-session-id');
    await callOff.getByTestId('session-cancel').click();
    await staff.getByTestId('session-cancel-confirm').click(); // no reason yet: the dialog asks for one
    await staff.getByRole('alert').filter({ hasText: '请写明取消原因' }).waitFor();
    await field(staff, 'session-cancel-reason').fill('理发师生病，改到下一场');
    await staff.getByTestId('session-cancel-confirm').click();
    await expect
      .poll(() =>
        staff.locator(`[data-testid="session-row"][data-session-id="${callOffId}"]`).getAttribute('data-status'),
      )
      .toBe('cancelled');
    await Promise.all([phone.close(), desk.close(), barberPhone.close(), tv.close(), colleaguePhone.close()]);
  });
  it('staff create a service through the form, edit it after a preview, and a resident reads its note; the center keeps the holidays', async () => {
    // 1. 苗圃社区's staff open 新建服务 from the services page and fill the form.
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000003', /\/console(\/residents)?$/);
    await staff.goto('/console/services');
    await staff.getByTestId('service-new').click();
    await staff.waitForURL(/\/console\/services\/new$/);
    await field(staff, 'service-name').fill('社区义剪');
    await pickOption(staff, 'service-venue', '排练厅');
    await field(staff, 'service-price').fill('0');
    await field(staff, 'service-days').fill('8、22');
    await field(staff, 'session-capacity').fill('10');
    await field(staff, 'service-resident-note').fill('请在一楼大厅等候，带上会员卡');
    await screenshot(staff, 'services-9-form');
    await staff.getByTestId('service-save').click();
    await staff.waitForURL(/\/console\/services\?serviceId=\d+/);
    const id = Number(new URL(staff.url()).searchParams.get('serviceId'));
    const created = (
      (await (await staff.request.get('/api/public/services')).json()) as {
        id: number;
        venue: string;
        residentNote: string;
        schedule: { daysOfMonth: number[] };
      }[]
    ).find((s) => s.id === id)!;
    expect(created).toMatchObject({
      venue: '排练厅',
      residentNote: '请在一楼大厅等候，带上会员卡',
      schedule: { daysOfMonth: [8, 22] },
    });

    // 2. Editing the days shows what changes before saving (确认修改).
    await staff.getByTestId('service-edit').click();
    await staff.waitForURL(new RegExp(`/console/services/${id}/edit$`));
    await expect.poll(() => field(staff, 'service-days').inputValue()).toBe('8、22');
    await field(staff, 'service-days').fill('9、22');
    await staff.getByTestId('service-save').click();
    await staff.getByTestId('preview-added').waitFor();
    expect(await staff.getByTestId('preview-removed').innerText()).toContain('8日');
    await screenshot(staff, 'services-10-confirm');
    await staff.getByTestId('service-confirm-save').click();
    await staff.waitForURL(/\/console\/services\?serviceId=\d+/);
    const dates = (
      (await (await staff.request.get(`/api/public/services/${id}/sessions`)).json()) as { date: string }[]
    ).map((s) => Number(s.date.slice(8)));
    expect(dates.length).toBeGreaterThan(0);
    expect(dates.every((d) => d === 9 || d === 22)).toBe(true);

    // 3. The form on a phone (390 px): one column.
    const staffPhone = await phoneContext(browser, server.baseUrl);
    const small = await staffPhone.newPage();
    await signIn(small, '/console/login', '13800000003', /\/console(\/residents)?$/);
    await small.goto(`/console/services/${id}/edit`);
    await expect.poll(() => field(small, 'service-name').inputValue()).toBe('社区义剪');
    await screenshot(small, 'services-11-form-390');

    // 4. A resident of 苗圃社区 reads the service's own note on her phone; the home lists the services.
    const phone = await phoneContext(browser, server.baseUrl);
    const mobile = await phone.newPage();
    await signIn(mobile, '/login', '13900000001', /\/$/);
    expect(await mobile.getByTestId('home-services-link').innerText()).toContain('社区义剪');
    await mobile.goto(`/services/${id}`);
    expect(await mobile.getByTestId('service-resident-note').innerText()).toBe('请在一楼大厅等候，带上会员卡');
    await screenshot(mobile, 'services-12-resident-note');

    // 5. The center admin keeps the county's holiday calendar (节假日安排).
    const centerDesk = await desktopContext(browser, server.baseUrl); // its own browser: staff are signed in on `desk`
    const center = await centerDesk.newPage();
    await signIn(center, '/console/login', '13800000000');
    await center.goto('/console/holidays');
    await field(center, 'holiday-paste').fill('2027-05-01~2027-05-03 劳动节\n2027-04-25 劳动节调休 上班');
    await center.getByTestId('holiday-paste-save').click();
    await expect
      .poll(() => center.locator('[data-testid="holiday-row"][data-date="2027-05-02"]').count(), { timeout: 10_000 })
      .toBe(1);
    await screenshot(center, 'services-13-holidays');
    const centerPhone = await phoneContext(browser, server.baseUrl);
    const centerSmall = await centerPhone.newPage();
    await signIn(centerSmall, '/console/login', '13800000000');
    await centerSmall.goto('/console/holidays');
    await centerSmall.getByTestId('holidays-list').waitFor();
    await screenshot(centerSmall, 'services-14-holidays-390');
    await Promise.all([desk.close(), centerDesk.close(), staffPhone.close(), phone.close(), centerPhone.close()]);
  });

  it('staff mark a session done on the call screen: pick the shift rule, confirm who earns what, see the points given', async () => {
    // Set-up through the API as 苗圃社区's staff: a barber who is also a resident (one phone, one account) is
    // the only volunteer of a service whose session today has already started.
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000003', /\/console(\/residents)?$/);
    const communities = (await (await staff.request.get('/api/public/communities')).json()) as {
      id: number;
      name: string;
    }[];
    const miaopu = communities.find((c) => c.name === '苗圃社区')!.id;
    const resident = await staff.request.post('/api/residents', {
      data: { name: '赵师傅', communityId: miaopu, birthDate: '1962-03-08', phone: '13600000001' },
    });
    expect(resident.status()).toBe(201);
    const residentId = ((await resident.json()) as { id: number }).id;
    const users = (await (await staff.request.get('/api/users')).json()) as { id: number; name: string }[];
    const barber = users.find((u) => u.name === '赵师傅')!.id;
    const created = await staff.request.post('/api/services', {
      data: {
        name: '便民修鞋',
        communityId: miaopu,
        priceFen: 0,
        schedule: {
          weekdays: [1, 2, 3, 4, 5, 6, 7],
          sessions: [{ period: '早场', start: '00:00', end: '00:30', capacity: 5 }],
        },
        eligibility: { minAge: null, scope: 'community' },
        bookingOpensDaysAhead: 1,
        volunteersPerSession: 1,
      },
    });
    expect(created.status()).toBe(201);
    const serviceId = ((await created.json()) as { id: number }).id;
    expect((await staff.request.post(`/api/services/${serviceId}/volunteers`, { data: { userId: barber } })).ok()).toBe(
      true,
    );
    const month = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const roster = await staff.request.post(`/api/services/${serviceId}/roster/generate`, { data: { month } });
    const sessions = ((await roster.json()) as { sessions: { id: number; startsAt: string }[] }).sessions;
    const started = sessions.filter((s) => Date.parse(s.startsAt) <= Date.now()).at(-1)!;

    // On the call screen: 标记完成, the rule picked for a shift, the confirmation names the barber and the points.
    await staff.goto(`/console/sessions/${started.id}/queue`);
    await staff.getByTestId('session-complete-open').click();
    const preview = staff.getByTestId('session-complete-preview');
    await expect.poll(() => preview.isVisible().catch(() => false)).toBe(true);
    expect(await preview.innerText()).toContain('赵师傅');
    expect(await preview.innerText()).toContain('10 分');
    await screenshot(staff, 'services-15-session-complete-confirm');
    await staff.getByTestId('session-complete-confirm').click();
    const result = staff.getByTestId('session-complete-result');
    await expect.poll(() => result.isVisible().catch(() => false)).toBe(true);
    expect(await result.innerText()).toContain('赵师傅：+10 分');
    await screenshot(staff, 'services-16-session-complete-result');
    // opened again, the screen says the session is done instead of offering 标记完成 a second time
    await staff.reload();
    await staff.getByTestId('session-completed-at').waitFor();
    expect(await staff.getByTestId('session-complete-open').count()).toBe(0);

    // the points are the barber's own, as a resident
    const statement = await staff.request.get(`/api/residents/${residentId}/points`);
    expect(((await statement.json()) as { balance: number }).balance).toBe(10);
    await desk.close();
  });

  it("a community's desk books its own senior into another community's county-wide service from the console", async () => {
    // 东城社区's staff (13800000001): 苗圃社区's 1元理发屋 is open to the whole county (60+).
    const desk = await desktopContext(browser, server.baseUrl);
    const staff = await desk.newPage();
    await signIn(staff, '/console/login', '13800000001', /\/console(\/residents)?$/);
    const communities = (await (await staff.request.get('/api/public/communities')).json()) as {
      id: number;
      name: string;
    }[];
    const dongcheng = communities.find((c) => c.name === '东城社区')!.id;
    const services = (await (await staff.request.get('/api/public/services')).json()) as { id: number; name: string }[];
    const barbershop = services.find((s) => s.name === '1元理发屋')!;
    const ours = (
      (await (await staff.request.get(`/api/residents?communityId=${dongcheng}&pageSize=100`)).json()) as {
        residents: { id: number; age: number; memberCode: string }[];
      }
    ).residents;
    const senior = ours.filter((r) => r.age >= 62).at(-1)!;

    await staff.goto('/console/services');
    const card = staff.locator(`[data-testid="county-service-card"][data-service-id="${barbershop.id}"]`);
    expect(await card.innerText()).toContain('全县·苗圃社区');
    await card.click();
    await staff.getByTestId('county-booking-hint').waitFor();
    // another community's service: booking only, nothing to manage
    expect(await staff.getByTestId('service-edit').count()).toBe(0);
    expect(await staff.getByTestId('session-cancel').count()).toBe(0);
    // walk-ins are taken at the service's own desk, not from another community's
    expect(await staff.getByTestId('desk-walkin').count()).toBe(0);
    const bookedOf = async (id: number) =>
      (
        (await (await staff.request.get(`/api/public/services/${barbershop.id}/sessions`)).json()) as {
          id: number;
          booked: number;
        }[]
      ).find((s) => s.id === id)!.booked;
    await field(staff, 'desk-code-input').fill(senior.memberCode);
    await field(staff, 'desk-code-input').press('Enter');
    const choice = staff.locator('select[data-testid="desk-session"] option:not([disabled])').first();
    await choice.waitFor({ state: 'attached' });
    const sessionId = Number(await choice.getAttribute('value'));
    const bookedBefore = await bookedOf(sessionId);
    await staff.locator('select[data-testid="desk-session"]').selectOption(String(sessionId));
    await staff.getByTestId('desk-book').click();
    const slip = staff.getByTestId('slip');
    await slip.waitFor();
    expect(await slip.innerText()).toContain('1元理发屋');
    await screenshot(staff, 'services-17-county-desk-booking');

    const small = await phoneContext(browser, server.baseUrl);
    const phonePage = await small.newPage();
    await signIn(phonePage, '/console/login', '13800000001', /\/console(\/residents)?$/);
    await phonePage.goto(`/console/services?serviceId=${barbershop.id}`);
    await phonePage.getByTestId('county-booking-hint').waitFor();
    expect(await phonePage.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phonePage, 'services-18-county-desk-booking-390');

    // the desk's booking took one of 苗圃社区's places
    expect(await bookedOf(sessionId)).toBe(bookedBefore + 1);
    await Promise.all([desk.close(), small.close()]);
  });
});
