/**
 * The volunteer rota (排班): fair rotation over a pool, respecting availability and the number
 * needed per session, and the gaps it could not fill — "服务从未中断" means the gaps are known early.
 *
 * Fairness: sessions are filled in time order; each takes, among the volunteers available for it
 * and not already on it, those with the fewest shifts so far, ties broken by who served least
 * recently and then by a rotating start, so that over a month the counts differ by at most one
 * when everyone is available.
 */
export interface RotaServiceSession {
  key: string; // stable id of the session (e.g. its database id)
  startsAt: string;
  needed: number;
}

export interface RotaAssignment {
  sessionKey: string;
  volunteerId: number;
}

export function generateRota(
  sessions: RotaServiceSession[],
  volunteerIds: number[],
  available: (volunteerId: number, sessionKey: string) => boolean,
): RotaAssignment[] {
  const ordered = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.key.localeCompare(b.key));
  const shifts = new Map(volunteerIds.map((id) => [id, 0]));
  const lastServed = new Map(volunteerIds.map((id) => [id, -1]));
  const assignments: RotaAssignment[] = [];
  ordered.forEach((session, index) => {
    const candidates = volunteerIds
      .filter((id) => available(id, session.key))
      .sort((a, b) => shifts.get(a)! - shifts.get(b)! || lastServed.get(a)! - lastServed.get(b)! || a - b);
    for (const id of candidates.slice(0, session.needed)) {
      assignments.push({ sessionKey: session.key, volunteerId: id });
      shifts.set(id, shifts.get(id)! + 1);
      lastServed.set(id, index);
    }
  });
  return assignments;
}

export interface Gap {
  sessionKey: string;
  needed: number;
  assigned: number;
  missing: number;
}

export function coverageGaps(sessions: RotaServiceSession[], assignments: { sessionKey: string }[]): Gap[] {
  const count = new Map<string, number>();
  for (const a of assignments) count.set(a.sessionKey, (count.get(a.sessionKey) ?? 0) + 1);
  return sessions
    .map((s) => ({
      sessionKey: s.key,
      needed: s.needed,
      assigned: count.get(s.key) ?? 0,
      missing: s.needed - (count.get(s.key) ?? 0),
    }))
    .filter((g) => g.missing > 0);
}
