import { describe, expect, it } from 'vitest';
import { ACTIVITY_STATUSES, type TActivityStatus } from './activities.schemas.js';
import {
  ACTIVITY_TRANSITIONS,
  activityActionsFor,
  canEditActivity,
  canTransition,
  isReviewLate,
  isShownInReview,
  reviewActionsFor,
  type TActivityTransition,
} from './transitions.js';

const from = (step: TActivityTransition) => ACTIVITY_STATUSES.filter((s) => canTransition(step, s));

describe('the weekly cycle of an activity', () => {
  it('submits drafts and returned activities, and nothing else', () => {
    expect(from('submit')).toEqual(['draft', 'returned']);
    expect(ACTIVITY_TRANSITIONS.submit.to).toBe('submitted');
  });

  it('approves only what was submitted, and returns it also after approval', () => {
    expect(from('approve')).toEqual(['submitted']);
    expect(from('return')).toEqual(['submitted', 'approved']);
  });

  it('publishes one activity at once from any step before publication; the week only what was approved', () => {
    expect(from('publish')).toEqual(['draft', 'submitted', 'approved', 'returned']);
    expect(from('publishWeek')).toEqual(['approved']);
    expect(ACTIVITY_TRANSITIONS.publish.to).toBe('published');
  });

  it('cancels at any step but once', () => {
    expect(from('cancel')).toEqual(['draft', 'submitted', 'approved', 'returned', 'published']);
  });

  it('never leaves cancelled, and never steps to the state it is in', () => {
    for (const [step, t] of Object.entries(ACTIVITY_TRANSITIONS)) {
      expect(canTransition(step as TActivityTransition, 'cancelled')).toBe(false);
      expect(t.from as readonly TActivityStatus[]).not.toContain(t.to);
    }
  });

  it('lets staff edit drafts, returned and published activities, and freezes them under review', () => {
    expect(ACTIVITY_STATUSES.filter(canEditActivity)).toEqual(['draft', 'returned', 'published']);
  });
});

describe('what the activity list offers', () => {
  const now = new Date('2026-12-12T02:00:00.000Z'); // 10:00 in the county
  const row = (
    status: TActivityStatus,
    startsAt = '2026-12-12T03:00:00.000Z',
    endsAt = '2026-12-12T05:00:00.000Z',
  ) => ({
    status,
    startsAt,
    endsAt,
  });
  const offered = (a: ReturnType<typeof row>, reviewer = false) => activityActionsFor(a, { reviewer, now });

  it('offers a community 报送, 编辑 and 取消 on a draft; the center also 补充发布', () => {
    expect(offered(row('draft'))).toEqual(['submit', 'edit', 'cancel']);
    expect(offered(row('draft'), true)).toEqual(['submit', 'publish', 'edit', 'cancel']);
  });

  it('freezes a submitted activity except for cancelling', () => {
    expect(offered(row('submitted'))).toEqual(['cancel']);
    expect(offered(row('approved'), true)).toEqual(['publish', 'cancel']);
  });

  it('offers the list and the check-in screen once published, and 发布成果 from the start, not a millisecond before', () => {
    expect(offered(row('published', '2026-12-12T02:00:00.001Z'))).toEqual([
      'edit',
      'registrations',
      'checkin',
      'cancel',
    ]);
    expect(offered(row('published', '2026-12-12T02:00:00.000Z'))).toEqual([
      'edit',
      'registrations',
      'checkin',
      'result',
      'cancel',
    ]);
  });

  it('stops offering 取消 when the activity has ended, and never on a cancelled one', () => {
    const started = '2026-12-12T00:00:00.000Z';
    expect(offered(row('published', started, '2026-12-12T02:00:00.001Z'))).toContain('cancel');
    expect(offered(row('published', started, '2026-12-12T02:00:00.000Z'))).not.toContain('cancel');
    expect(offered(row('cancelled'), true)).toEqual([]);
  });
});

describe("what the center's review offers", () => {
  it('turns late a millisecond after the deadline, or as soon as the week is published', () => {
    const now = new Date('2026-12-03T10:00:00.000Z');
    expect(isReviewLate({ deadline: '2026-12-03T10:00:00.000Z', publishedAt: null }, now)).toBe(false);
    expect(isReviewLate({ deadline: '2026-12-03T09:59:59.999Z', publishedAt: null }, now)).toBe(true);
    expect(isReviewLate({ deadline: '2026-12-04T10:00:00.000Z', publishedAt: '2026-12-02T00:00:00Z' }, now)).toBe(true);
  });

  it('offers 通过 and 退回 by state, and 补充发布 for approved ones — for others only when late', () => {
    const actions = (status: TActivityStatus, late: boolean) => reviewActionsFor({ status }, { late });
    expect(actions('submitted', false)).toEqual(['approve', 'return']);
    expect(actions('submitted', true)).toEqual(['approve', 'return', 'publish']);
    expect(actions('approved', false)).toEqual(['return', 'publish']);
    expect(actions('draft', false)).toEqual([]);
    expect(actions('draft', true)).toEqual(['publish']);
    expect(actions('returned', true)).toEqual(['publish']);
    expect(actions('published', true)).toEqual([]);
  });

  it('lists drafts only when late', () => {
    expect(isShownInReview({ status: 'draft' }, { late: false })).toBe(false);
    expect(isShownInReview({ status: 'draft' }, { late: true })).toBe(true);
    expect(isShownInReview({ status: 'returned' }, { late: false })).toBe(true);
  });
});
