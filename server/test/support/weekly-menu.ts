import { signIn, type TestApp } from './app.js';
import { buildCenterAdmin, buildCommunity, buildStaff } from './factories.js';

/** A county instant in December 2026 (the weekly menu tests' month). */
export const at = (day: number, hour: number, minute = 0) =>
  `2026-12-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+08:00`;

/**
 * The weekly menu's cast: 东城社区 and 西城社区, each with a signed-in staff member and a 党群服务中心 made through
 * the real venue route, and a signed-in center admin.
 */
export async function buildWeeklyMenuCast(t: TestApp) {
  const east = await buildCommunity(t.deps, '东城社区');
  const west = await buildCommunity(t.deps, '西城社区');
  const eastCookie = await signIn(t.app, (await buildStaff(t.deps, east.id)).phone);
  const westCookie = await signIn(t.app, (await buildStaff(t.deps, west.id)).phone);
  const adminCookie = await signIn(t.app, (await buildCenterAdmin(t.deps)).phone);
  const venue = async (communityId: number, cookie: string) =>
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/communities/${communityId}/venues`,
        headers: { cookie },
        payload: { name: '党群服务中心' },
      })
    ).json().id as number;
  return {
    east,
    west,
    eastCookie,
    westCookie,
    adminCookie,
    hall: await venue(east.id, eastCookie),
    westHall: await venue(west.id, westCookie),
  };
}
