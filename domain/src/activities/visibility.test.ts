import { describe, expect, it } from 'vitest';
import { ACTIVITY_STATUSES } from './activities.schemas.js';
import { isPubliclyVisible } from './visibility.js';

describe('what the public pages show', () => {
  const at = '2026-12-01T02:00:00Z';

  it('shows a published activity, and keeps it, marked, once cancelled', () => {
    expect(isPubliclyVisible({ status: 'published', publishedAt: at })).toBe(true);
    expect(isPubliclyVisible({ status: 'cancelled', publishedAt: at })).toBe(true);
  });

  it('never shows one cancelled before it was published', () => {
    expect(isPubliclyVisible({ status: 'cancelled', publishedAt: null })).toBe(false);
  });

  it('shows nothing still in planning or review, whatever its dates', () => {
    for (const status of ACTIVITY_STATUSES.filter((s) => s !== 'published' && s !== 'cancelled')) {
      expect(isPubliclyVisible({ status, publishedAt: null })).toBe(false);
      expect(isPubliclyVisible({ status, publishedAt: at })).toBe(false);
    }
  });
});
