import { ageOn, countyDateOf, countyInstant } from '@zhongli/domain';
import type { Actor } from '../platform/actor.js';
import type { AppDeps } from '../platform/deps.js';
import { createLogin } from '../modules/accounts/index.js';
import {
  addVolunteer,
  bookServiceSession,
  createService,
  generateMonthRota,
  serviceSessionsStartingBetween,
  setAvailability,
} from '../modules/services/index.js';

const BARBERS = ['赵师傅', '钱师傅', '孙师傅', '周师傅', '冯师傅', '陈师傅'];

/**
 * 苗圃社区's 1元理发屋 (5th and 15th, 25 places each morning and afternoon, 60+, open to the whole
 * county, 1 yuan) and the 健康小屋 clinic next door, six volunteer barbers (13600000001–06) on a
 * fair rota with one gap left for the console to warn about, and seniors already booked.
 */
export async function seedDemoServices(deps: AppDeps, staff: Actor, passwordHash: string, now: Date): Promise<void> {
  const community = await deps.db
    .selectFrom('communities')
    .select('id')
    .where('name', '=', '苗圃社区')
    .executeTakeFirstOrThrow();
  const venues = await deps.db
    .selectFrom('venues')
    .select(['id', 'name'])
    .where('community_id', '=', community.id)
    .execute();
  const venue = (name: string) => venues.find((v) => v.name === name)?.id;
  const barbershop = await createService({
    deps,
    actor: staff,
    data: {
      name: '1元理发屋',
      communityId: community.id,
      venue: venue('1元理发屋'),
      priceFen: 100,
      schedule: {
        daysOfMonth: [5, 15],
        sessions: [
          { period: '上午', start: '08:30', end: '11:30', capacity: 25 },
          { period: '下午', start: '14:30', end: '17:00', capacity: 25 },
        ],
      },
      holidayPolicy: 'skip',
      eligibility: { minAge: 60, scope: 'county' },
      bookingOpensDaysAhead: 7,
      bookingOpensAt: '08:00',
      volunteersPerSession: 2,
      monthlyLimit: 1,
      residentNote: '等候时可以到排练厅休息；叫号时不在也不要紧，回来告诉志愿者，会优先为您服务。',
      companionNote: '理发、问诊两不误：等候时可以去隔壁健康小屋免费问诊。',
    },
  });
  await createService({
    deps,
    actor: staff,
    data: {
      name: '健康小屋义诊',
      communityId: community.id,
      venue: venue('健康小屋'),
      priceFen: 0,
      // Next door, on the same days: seniors see the doctor while they wait for a haircut (理发、问诊两不误).
      schedule: {
        daysOfMonth: [5, 15],
        sessions: [
          { period: '上午', start: '08:30', end: '11:30', capacity: 20 },
          { period: '下午', start: '14:30', end: '17:00', capacity: 20 },
        ],
      },
      holidayPolicy: 'skip',
      eligibility: { minAge: null, scope: 'county' },
      bookingOpensDaysAhead: 7,
      bookingOpensAt: '08:00',
      volunteersPerSession: 0,
      monthlyLimit: null,
      residentNote: '请带上会员卡和平时吃的药的药盒，医生好看。',
      companionNote: '理发、问诊两不误：问诊前后可以去隔壁1元理发屋理个发。',
    },
  });

  const barbers: Actor[] = [];
  await deps.db.transaction().execute(async (trx) => {
    for (const [i, name] of BARBERS.entries()) {
      const phone = `1360000000${i + 1}`;
      const userId = await createLogin(trx, deps, {
        name,
        phone,
        passwordHash,
        roles: [{ role: 'volunteer', communityId: community.id }],
      });
      barbers.push({ userId, name, phone, roles: [{ role: 'volunteer', communityId: community.id }] });
    }
  });
  for (const barber of barbers)
    await addVolunteer({ deps, actor: staff, serviceId: barbershop.id, userId: barber.userId });

  const today = countyDateOf(now);
  const months = [
    today.slice(0, 7),
    countyDateOf(new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)), 15))).slice(0, 7),
  ];
  // One afternoon of next month that five barbers cannot do: the rota will be one short there.
  const next = await serviceSessionsStartingBetween({
    deps,
    serviceId: barbershop.id,
    from: countyInstant(`${months[1]}-01`),
    to: countyInstant(`${months[1]}-28`),
  });
  const hard = next.find((s) => s.period === '下午');
  if (hard)
    for (const barber of barbers.slice(1))
      await setAvailability({
        deps,
        actor: barber,
        serviceId: barbershop.id,
        month: months[1]!,
        unavailableSessionIds: [hard.id],
      });
  for (const month of months) await generateMonthRota({ deps, actor: staff, serviceId: barbershop.id, month });

  // Seniors already booked for the next session whose booking is open.
  const open = (
    await serviceSessionsStartingBetween({
      deps,
      serviceId: barbershop.id,
      from: now.toISOString(),
      to: new Date(now.getTime() + 40 * 86_400_000).toISOString(),
    })
  ).find((s) => s.booking_opens_at <= now.toISOString());
  if (open) {
    const seniors = (
      await deps.db
        .selectFrom('residents')
        .select(['id', 'birth_date'])
        .where('community_id', '=', community.id)
        .orderBy('id')
        .execute()
    )
      .filter((r) => ageOn(r.birth_date, open.date) >= 60)
      .slice(1, 9);
    for (const senior of seniors)
      await deps.db
        .transaction()
        .execute((trx) =>
          bookServiceSession(trx, deps, { actor: staff, data: { sessionId: open.id, residentId: senior.id } }),
        );
  }
}
