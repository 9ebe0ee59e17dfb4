import { weekOfInstant, countyInstant } from '@zhongli/domain';
import type { RouteLocationRaw } from 'vue-router';

/**
 * Where each dashboard figure leads: the console list behind it, filtered as far as that list can be
 * (community, week, month, service). One place, so the console home and the 大屏 agree.
 */
export interface FigureScope {
  from: string;
  to: string;
  communityId?: number;
}

const withCommunity = (scope: FigureScope, query: Record<string, string> = {}) =>
  scope.communityId ? { ...query, communityId: String(scope.communityId) } : query;

export const figureLinks = {
  /** the activities of a week (the period's first week when none is named) */
  activities: (scope: FigureScope, week?: string, communityId?: number): RouteLocationRaw => {
    const shown = week ?? weekOfInstant(new Date(countyInstant(scope.from, '12:00')));
    const community = communityId ?? scope.communityId;
    // the county's week is the center's menu review (every community's activities); the activities
    // list is one community's, and would open the first community instead
    if (!community) return { path: '/console/menus', query: { week: shown } };
    return { path: '/console/activities', query: withCommunity({ ...scope, communityId: community }, { week: shown }) };
  },
  residents: (scope: FigureScope): RouteLocationRaw => ({ path: '/console/residents', query: withCommunity(scope) }),
  needs: (scope: FigureScope): RouteLocationRaw => ({ path: '/console/needs', query: withCommunity(scope) }),
  points: (scope: FigureScope): RouteLocationRaw => ({
    path: '/console/points/ledger',
    query: withCommunity(scope, { from: scope.from, to: scope.to }),
  }),
  shop: (scope: FigureScope): RouteLocationRaw => ({ path: '/console/shop/items', query: withCommunity(scope) }),
  vouchers: (scope: FigureScope): RouteLocationRaw => ({ path: '/console/vouchers', query: withCommunity(scope) }),
  service: (scope: FigureScope, serviceId: number): RouteLocationRaw => ({
    path: '/console/services',
    query: { serviceId: String(serviceId), month: scope.from.slice(0, 7) },
  }),
  rota: (scope: FigureScope): RouteLocationRaw => ({
    path: '/console/roster',
    query: { month: scope.from.slice(0, 7) },
  }),
  volunteerHours: (scope: FigureScope): RouteLocationRaw => ({
    path: '/console/volunteer-hours',
    query: withCommunity(scope, { from: scope.from, to: scope.to }),
  }),
  rotaGaps: (): RouteLocationRaw => ({ path: '/console/roster/gaps' }),
  merchants: (scope: FigureScope): RouteLocationRaw => ({ path: '/console/merchants', query: withCommunity(scope) }),
  merchantRequests: (): RouteLocationRaw => ({ path: '/console/merchant-requests' }),
};
