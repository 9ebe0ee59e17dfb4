/**
 * Clashes the center looks for before publishing a week: the same venue booked at overlapping
 * times, and the same partner expected in two places at once. Intervals are half-open
 * [start, end): an activity ending at 10:00 does not clash with one starting at 10:00.
 */
export interface ClashCandidate {
  id: number;
  title: string;
  communityId: number;
  venueId: number | null;
  startsAt: string;
  endsAt: string;
  partnerIds: number[];
}

export type Clash =
  | { kind: 'venue'; venueId: number; activityIds: [number, number] }
  | { kind: 'partner'; partnerId: number; activityIds: [number, number] };

export function overlaps(a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }): boolean {
  return Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);
}

export function findClashes(activities: ClashCandidate[]): Clash[] {
  const sorted = [...activities].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt) || a.id - b.id);
  const clashes: Clash[] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i]!;
      const b = sorted[j]!;
      if (Date.parse(b.startsAt) >= Date.parse(a.endsAt)) break; // sorted by start: nothing later overlaps a
      if (!overlaps(a, b)) continue;
      const pair: [number, number] = [a.id, b.id];
      if (a.venueId != null && a.venueId === b.venueId)
        clashes.push({ kind: 'venue', venueId: a.venueId, activityIds: pair });
      for (const partnerId of a.partnerIds) {
        if (b.partnerIds.includes(partnerId)) clashes.push({ kind: 'partner', partnerId, activityIds: pair });
      }
    }
  }
  return clashes;
}
