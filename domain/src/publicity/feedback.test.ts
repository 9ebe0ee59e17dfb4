import { describe, expect, it } from 'vitest';
import { isFeedbackOpen } from './feedback.js';

describe('rating an activity', () => {
  const activity = { endsAt: '2026-12-12T03:00:00.000Z' };

  it('stays open for a week after the end, to the millisecond, and closes after it', () => {
    expect(isFeedbackOpen(activity, new Date('2026-12-12T03:00:00.000Z'))).toBe(true);
    expect(isFeedbackOpen(activity, new Date('2026-12-19T03:00:00.000Z'))).toBe(true);
    expect(isFeedbackOpen(activity, new Date('2026-12-19T03:00:00.001Z'))).toBe(false);
  });
});
