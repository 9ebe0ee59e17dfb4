import type { CrashWorld } from './world.js';

/** A write the server acknowledged (answered 2xx): it must survive the kill that follows. */
export type Acknowledged =
  | { kind: 'ledger-entry'; id: number }
  | { kind: 'redemption'; id: number }
  | { kind: 'voucher'; id: number }
  | { kind: 'voucher-honoured'; id: number }
  | { kind: 'booking'; id: number }
  | { kind: 'booking-cancelled'; id: number }
  | { kind: 'registration'; id: number }
  | { kind: 'registration-cancelled'; id: number }
  | { kind: 'checkin'; activityId: number; residentId: number };

/** What the load has learnt across cycles: what it may act on next, and every acknowledged write. */
export interface LoadState {
  acknowledged: Acknowledged[];
  vouchers: { id: number; code: string; honoured: boolean }[];
  bookings: { id: number; key: string; cancelled: boolean }[];
  registrations: { id: number; key: string; cancelled: boolean }[];
  /**
   * A cancelled booking or sign-up is revived, with its id, when the same person books again. So
   * that "cancelled" stays what was acknowledged, a person (and session) is booked or signed up
   * only while no request for them is in flight or held (`busy`), and never again once a
   * cancellation was sent (`done`).
   */
  busy: Set<string>;
  done: Set<string>;
  checkedIn: Set<number>;
  offerId: number;
  sessionIds: number[];
  requests: number;
  answered: Record<string, number>;
}

export interface Client {
  staff: string;
  merchant: string;
}

type Op = (base: string, world: CrashWorld, state: LoadState, client: Client, pick: Pick) => Promise<void>;
type Pick = <T>(list: readonly T[]) => T;

/** The fields the load reads from the answers it gets (each route returns some of them). */
interface Answer {
  id: number;
  entry: { id: number };
  voucherId: number;
  code: string;
}

/** A 5xx: a defect, unlike a refused connection (the server was killed). */
export class ServerError extends Error {}

async function send(
  state: LoadState,
  base: string,
  method: string,
  url: string,
  cookie: string,
  body?: unknown,
): Promise<{ status: number; json: () => Answer }> {
  state.requests++;
  const response = await fetch(base + url, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const key = `${method} ${url.replace(/\d+/g, ':id')} ${response.status}`;
  state.answered[key] = (state.answered[key] ?? 0) + 1;
  if (response.status >= 500) throw new ServerError(`${key}: ${text}`);
  return { status: response.status, json: () => JSON.parse(text) as Answer };
}

const award: Op = async (base, world, state, client, pick) => {
  const r = await send(state, base, 'POST', '/api/points/awards', client.staff, {
    residentId: pick(world.residentIds),
    ruleId: world.ruleId,
  });
  if (r.status === 201) state.acknowledged.push({ kind: 'ledger-entry', id: r.json().entry.id });
};

const redeem: Op = async (base, world, state, client, pick) => {
  const r = await send(state, base, 'POST', '/api/shop/redemptions', client.staff, {
    residentId: pick(world.residentIds),
    lines: [{ itemId: pick(world.itemIds), quantity: pick([1, 1, 2]) }],
  });
  if (r.status === 201) state.acknowledged.push({ kind: 'redemption', id: r.json().id });
};

const claim: Op = async (base, world, state, client, pick) => {
  const r = await send(state, base, 'POST', '/api/vouchers/claims', client.staff, {
    offerId: state.offerId,
    residentId: pick(world.residentIds),
  });
  if (r.status !== 201) return;
  const { voucherId, code } = r.json();
  state.vouchers.push({ id: voucherId, code, honoured: false });
  state.acknowledged.push({ kind: 'voucher', id: voucherId });
};

const honour: Op = async (base, _world, state, client, pick) => {
  const open = state.vouchers.filter((v) => !v.honoured);
  if (open.length === 0) return;
  const voucher = pick(open);
  const r = await send(state, base, 'POST', '/api/vouchers/redeem', client.merchant, { code: voucher.code });
  if (r.status !== 200) return;
  voucher.honoured = true;
  state.acknowledged.push({ kind: 'voucher-honoured', id: voucher.id });
};

/** Takes a key nobody is using (false when it is in use or retired). */
function claimKey(state: LoadState, key: string): boolean {
  if (state.busy.has(key) || state.done.has(key)) return false;
  state.busy.add(key);
  return true;
}

/** Runs a write for a key: held while the write stands, freed when refused, retired when its fate is unknown. */
async function holdingKey(state: LoadState, key: string, request: () => Promise<boolean>) {
  let outcome: 'held' | 'refused' | 'unknown' = 'unknown';
  try {
    outcome = (await request()) ? 'held' : 'refused';
  } finally {
    if (outcome === 'refused') state.busy.delete(key);
    // Cut off by the kill: it may still have committed, so nobody touches this key again.
    if (outcome === 'unknown') state.done.add(key);
  }
}

const book: Op = async (base, world, state, client, pick) => {
  const sessionId = pick(state.sessionIds);
  const residentId = pick(world.residentIds);
  const key = `booking:${sessionId}:${residentId}`;
  if (!claimKey(state, key)) return;
  await holdingKey(state, key, async () => {
    const r = await send(state, base, 'POST', '/api/bookings', client.staff, { sessionId, residentId });
    if (r.status !== 201) return false;
    state.bookings.push({ id: r.json().id, key, cancelled: false });
    state.acknowledged.push({ kind: 'booking', id: r.json().id });
    return true;
  });
};

const cancelBooking: Op = async (base, _world, state, client, pick) => {
  const open = state.bookings.filter((b) => !b.cancelled);
  if (open.length === 0) return;
  const booking = pick(open);
  state.done.add(booking.key);
  const r = await send(state, base, 'DELETE', `/api/bookings/${booking.id}`, client.staff);
  if (r.status !== 204) return;
  booking.cancelled = true;
  state.acknowledged.push({ kind: 'booking-cancelled', id: booking.id });
};

const signUp: Op = async (base, world, state, client, pick) => {
  const residentId = pick(world.residentIds);
  const key = `registration:${residentId}`;
  if (!claimKey(state, key)) return;
  await holdingKey(state, key, async () => {
    const url = `/api/activities/${world.signUpActivityId}/registrations`;
    const r = await send(state, base, 'POST', url, client.staff, { residentId });
    if (r.status !== 201) return false;
    state.registrations.push({ id: r.json().id, key, cancelled: false });
    state.acknowledged.push({ kind: 'registration', id: r.json().id });
    return true;
  });
};

const cancelSignUp: Op = async (base, world, state, client, pick) => {
  const open = state.registrations.filter((g) => !g.cancelled);
  if (open.length === 0) return;
  const registration = pick(open);
  // Decided before sending: whether or not the answer arrives, this person is not signed up again.
  state.done.add(registration.key);
  const url = `/api/activities/${world.signUpActivityId}/registrations/${registration.id}`;
  const r = await send(state, base, 'DELETE', url, client.staff);
  if (r.status !== 204) return;
  registration.cancelled = true;
  state.acknowledged.push({ kind: 'registration-cancelled', id: registration.id });
};

const checkIn: Op = async (base, world, state, client, pick) => {
  const residentId = pick(world.residentIds);
  if (state.checkedIn.has(residentId)) return;
  const r = await send(state, base, 'POST', `/api/activities/${world.liveActivityId}/checkins`, client.staff, {
    residentId,
  });
  if (r.status !== 201 && r.status !== 200) return;
  state.checkedIn.add(residentId);
  state.acknowledged.push({ kind: 'checkin', activityId: world.liveActivityId, residentId });
};

/** The mix: awards and redemptions most, then the rest. */
const MIX: Op[] = [
  award,
  award,
  award,
  redeem,
  redeem,
  claim,
  claim,
  honour,
  book,
  book,
  cancelBooking,
  signUp,
  signUp,
  cancelSignUp,
  checkIn,
];

/**
 * Runs `workers` loops of random operations until the server dies (a request fails to connect or
 * is cut off). Answers of 4xx are part of the game (stock runs out, places fill up); a 5xx is not.
 */
export async function runLoad(
  base: string,
  world: CrashWorld,
  state: LoadState,
  client: Client,
  random: () => number,
  workers = 6,
) {
  const pick: Pick = (list) => list[Math.floor(random() * list.length)]!;
  const serverErrors: string[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (;;) {
        try {
          await pick(MIX)(base, world, state, client, pick);
        } catch (error) {
          if (!(error instanceof ServerError)) return; // the server is gone
          serverErrors.push(error.message);
        }
      }
    }),
  );
  return serverErrors;
}

export async function signInAs(base: string, phone: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in ${phone}: ${response.status} ${await response.text()}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}
