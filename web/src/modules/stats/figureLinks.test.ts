import { describe, expect, it } from 'vitest';
import { figureLinks } from './figureLinks';

const november = { from: '2026-11-01', to: '2026-11-30' };

describe('figureLinks', () => {
  it('opens one community’s vouchers and merchants when the dashboard shows one community', () => {
    expect(figureLinks.vouchers({ ...november, communityId: 7 })).toEqual({
      path: '/console/vouchers',
      query: { communityId: '7' },
    });
    expect(figureLinks.merchants({ ...november, communityId: 7 })).toEqual({
      path: '/console/merchants',
      query: { communityId: '7' },
    });
  });

  it('opens every community’s list for the county', () => {
    expect(figureLinks.merchants(november)).toEqual({ path: '/console/merchants', query: {} });
    expect(figureLinks.vouchers(november)).toEqual({ path: '/console/vouchers', query: {} });
  });

  it('takes the county week to the menu review and a community’s week to its activities', () => {
    expect(figureLinks.activities(november, '2026-W46')).toEqual({
      path: '/console/menus',
      query: { week: '2026-W46' },
    });
    expect(figureLinks.activities({ ...november, communityId: 3 }, '2026-W46')).toEqual({
      path: '/console/activities',
      query: { week: '2026-W46', communityId: '3' },
    });
  });
});
