import { describe, expect, it } from 'vitest';
import { findClashes, overlaps, type ClashCandidate } from './clashes.js';

const on = (time: string) => `2026-12-12T${time}:00+08:00`;
function activity(id: number, from: string, to: string, over: Partial<ClashCandidate> = {}): ClashCandidate {
  return {
    id,
    title: `活动${id}`,
    communityId: 1,
    venueId: 1,
    startsAt: on(from),
    endsAt: on(to),
    partnerIds: [],
    ...over,
  };
}

describe('overlapping times (half-open intervals)', () => {
  it('does not count back-to-back activities as overlapping, either way round', () => {
    expect(overlaps(activity(1, '09:00', '10:00'), activity(2, '10:00', '11:00'))).toBe(false);
    expect(overlaps(activity(2, '10:00', '11:00'), activity(1, '09:00', '10:00'))).toBe(false);
  });

  it('counts a single minute of overlap, and one activity inside another', () => {
    expect(overlaps(activity(1, '09:00', '10:00'), activity(2, '09:59', '11:00'))).toBe(true);
    expect(overlaps(activity(1, '09:00', '12:00'), activity(2, '10:00', '11:00'))).toBe(true);
    expect(overlaps(activity(1, '09:00', '10:00'), activity(2, '09:00', '10:00'))).toBe(true);
  });

  it('compares instants, not how they are written', () => {
    const utc = { startsAt: '2026-12-12T02:00:00Z', endsAt: '2026-12-12T03:00:00Z' }; // 10:00–11:00 in the county
    expect(overlaps(activity(1, '09:00', '10:00'), utc)).toBe(false);
    expect(overlaps(activity(1, '09:00', '10:01'), utc)).toBe(true);
  });
});

describe('clashes in a week', () => {
  it('finds the same venue at overlapping times, naming the earlier activity first', () => {
    expect(findClashes([activity(2, '10:00', '11:30'), activity(1, '09:00', '10:30')])).toEqual([
      { kind: 'venue', venueId: 1, activityIds: [1, 2] },
    ]);
  });

  it('lets a venue be used back to back, and two venues at once', () => {
    expect(findClashes([activity(1, '09:00', '10:00'), activity(2, '10:00', '11:00')])).toEqual([]);
    expect(findClashes([activity(1, '09:00', '10:00'), activity(2, '09:00', '10:00', { venueId: 2 })])).toEqual([]);
  });

  it('does not compare places that are not venues (no venue id)', () => {
    const square = { venueId: null };
    expect(findClashes([activity(1, '09:00', '10:00', square), activity(2, '09:00', '10:00', square)])).toEqual([]);
  });

  it('finds a partner expected in two places at once, across communities', () => {
    const clashes = findClashes([
      activity(1, '09:00', '11:00', { venueId: 1, partnerIds: [7, 8] }),
      activity(2, '10:00', '12:00', { venueId: 2, communityId: 2, partnerIds: [7] }),
    ]);
    expect(clashes).toEqual([{ kind: 'partner', partnerId: 7, activityIds: [1, 2] }]);
  });

  it('lets a partner go from one activity straight to the next', () => {
    const clashes = findClashes([
      activity(1, '09:00', '10:00', { venueId: 1, partnerIds: [7] }),
      activity(2, '10:00', '11:00', { venueId: 2, partnerIds: [7] }),
    ]);
    expect(clashes).toEqual([]);
  });

  it('reports the same venue and the same partner as two clashes of one pair', () => {
    const clashes = findClashes([
      activity(1, '09:00', '10:00', { partnerIds: [7] }),
      activity(2, '09:30', '10:30', { partnerIds: [7] }),
    ]);
    expect(clashes).toEqual([
      { kind: 'venue', venueId: 1, activityIds: [1, 2] },
      { kind: 'partner', partnerId: 7, activityIds: [1, 2] },
    ]);
  });

  it('finds every overlapping pair, also one reaching past a shorter activity in between', () => {
    const clashes = findClashes([
      activity(1, '09:00', '12:00'),
      activity(2, '10:00', '11:00'),
      activity(3, '11:30', '12:30'),
    ]);
    expect(clashes.map((c) => c.activityIds)).toEqual([
      [1, 2],
      [1, 3],
    ]);
  });

  it('orders a pair starting together by id', () => {
    expect(findClashes([activity(9, '09:00', '10:00'), activity(4, '09:00', '09:30')])).toEqual([
      { kind: 'venue', venueId: 1, activityIds: [4, 9] },
    ]);
  });
});
