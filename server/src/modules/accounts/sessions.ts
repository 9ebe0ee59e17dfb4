import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@zhongli/domain';
import type { AppDeps, Db } from '../../platform/deps.js';
import type { Actor } from '../../platform/actor.js';
import * as repo from './accounts.repository.js';

export const SESSION_COOKIE = 'zl_session';
/** Residents on phones should not have to sign in again every week: 30 days, sliding. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Refresh the expiry at most this often, so reading pages does not write on every request. */
const TOUCH_INTERVAL_MS = 60 * 60 * 1000;
/**
 * `users.last_seen_at` (did they open the app since the change? — 待电话通知) is refreshed more often
 * than the session's expiry: an hour's lag would send staff to phone people who already read the
 * notice. Sessions are deleted at logout, so they cannot answer this themselves.
 */
const USER_SEEN_INTERVAL_MS = 5 * 60 * 1000;

export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export function setSessionCookie(reply: FastifyReply, deps: AppDeps, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.cookieSecure,
    signed: true,
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply, deps: AppDeps): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: deps.config.cookieSecure });
}

/**
 * The known-device cookie: a random id per browser, signed, sent only to the sign-in routes. Set at a
 * successful sign-in; the database remembers (by its SHA-256) which accounts signed in from it.
 */
export const DEVICE_COOKIE = 'zl_device';
/** A device stays known for a year after its last sign-in (the sweep forgets it then). */
export const KNOWN_DEVICE_TTL_MS = 365 * 24 * 60 * 60 * 1000;
const DEVICE_COOKIE_PATH = '/api/auth';

export function newDeviceId(): string {
  return randomBytes(32).toString('base64url');
}

export function deviceHashOf(deviceId: string): string {
  return createHash('sha256').update(deviceId).digest('base64url');
}

export function setDeviceCookie(reply: FastifyReply, deps: AppDeps, deviceId: string): void {
  reply.setCookie(DEVICE_COOKIE, deviceId, {
    path: DEVICE_COOKIE_PATH,
    httpOnly: true,
    sameSite: 'strict',
    secure: deps.config.cookieSecure,
    signed: true,
    maxAge: KNOWN_DEVICE_TTL_MS / 1000,
  });
}

/** The device id of a request, if its cookie carries a valid signature. */
export function deviceIdOf(request: FastifyRequest): string | undefined {
  return unsignedCookie(request, DEVICE_COOKIE);
}

/** The session token of a request, if its cookie carries a valid signature. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  return unsignedCookie(request, SESSION_COOKIE);
}

function unsignedCookie(request: FastifyRequest, name: string): string | undefined {
  const raw = request.cookies[name];
  if (!raw) return undefined;
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid && unsigned.value ? unsigned.value : undefined;
}

/**
 * What an account holding a temporary password may still do: see who it is, set its own password, sign out
 * (or sign in as someone else at a shared desk). Everything else is PASSWORD_CHANGE_REQUIRED.
 */
const BEFORE_PASSWORD_CHANGE = new Set([
  'GET /api/me',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'POST /api/auth/login',
]);

/**
 * Loads `request.actor` from the session cookie on every request that carries one. A disabled account's
 * sessions stop at its next request on this instance and within SESSION_CACHE_MS on the others (the
 * account is read with the session, kept at most that long), answered ACCOUNT_DISABLED by the guards; an account with a temporary password may call nothing but the routes above.
 */
export function registerSessionLoading(app: FastifyInstance, deps: AppDeps): void {
  app.addHook('onRequest', async (request) => {
    // The web app's files are the same for everyone: a cookie-carrying first load would otherwise look
    // the session up once per asset.
    if (request.routeOptions.config.webAppFile) return;
    const token = sessionTokenOf(request);
    if (!token) return;
    const loaded = await loadActor(deps, sessionIdOf(token));
    if (loaded === 'disabled') request.sessionRefusal = 'ACCOUNT_DISABLED';
    else if (loaded) request.actor = loaded;
    if (
      request.actor?.mustChangePassword &&
      request.url.startsWith('/api/') &&
      !BEFORE_PASSWORD_CHANGE.has(`${request.method} ${request.routeOptions.url}`)
    ) {
      throw new AppError('PASSWORD_CHANGE_REQUIRED');
    }
  });
}

/**
 * Who a session signs in, kept briefly (issue 15: three of an award's fourteen statements were this
 * lookup). Per instance (per `deps`), by session id, for at most SESSION_CACHE_MS of real time.
 *
 * The bound: a disable, a logout, a role or password change made on ANOTHER instance takes effect here
 * within SESSION_CACHE_MS; made on THIS instance, at once — the accounts use cases that change who a
 * session is call `forgetCachedSessions(deps)`, after their transaction commits. A change written by
 * hand in the database (or a resident's login linked by the residents module) also waits out the bound.
 * An entry is also dropped when the session expires by `deps.clock`, or when its hourly touch or the
 * account's five-minute `last_seen_at` is due, so those writes happen exactly as without the cache.
 */
export const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_MAX = 10_000;

interface CachedSession {
  loadedAt: number;
  actor: Actor | 'disabled';
  expiresAt: number;
  sessionSeenAt: number;
  userSeenAt: number | null;
}

const sessionCaches = new WeakMap<object, Map<string, CachedSession>>();
/**
 * Bumped by every forget. A load that began before a sign-out or a disable committed may finish after
 * the cache was emptied; it must not put the old actor back, or the change would wait out the bound
 * on the very instance that made it. So a load stores its answer only if no forget happened meanwhile.
 */
const cacheGenerations = new WeakMap<object, number>();

function cacheOf(deps: AppDeps): Map<string, CachedSession> {
  let cache = sessionCaches.get(deps);
  if (!cache) sessionCaches.set(deps, (cache = new Map()));
  return cache;
}

/** Drops every session this instance keeps: called after a change to accounts, roles or sessions. */
export function forgetCachedSessions(deps: object): void {
  cacheGenerations.set(deps, (cacheGenerations.get(deps) ?? 0) + 1);
  sessionCaches.get(deps)?.clear();
}

function cachedActor(deps: AppDeps, sessionId: string, now: Date): Actor | 'disabled' | undefined {
  const cache = sessionCaches.get(deps);
  const hit = cache?.get(sessionId);
  if (!hit) return undefined;
  const t = now.getTime();
  if (
    performance.now() - hit.loadedAt > SESSION_CACHE_MS ||
    t >= hit.expiresAt ||
    t - hit.sessionSeenAt > TOUCH_INTERVAL_MS ||
    (hit.actor !== 'disabled' && (hit.userSeenAt === null || t - hit.userSeenAt > USER_SEEN_INTERVAL_MS))
  ) {
    cache!.delete(sessionId);
    return undefined;
  }
  return hit.actor;
}

async function loadActor(deps: AppDeps, sessionId: string): Promise<Actor | 'disabled' | undefined> {
  const now = deps.clock.now();
  const cached = cachedActor(deps, sessionId, now);
  if (cached) return cached;
  const loadedAt = performance.now();
  const generation = cacheGenerations.get(deps) ?? 0;
  const loaded = await loadActorFromDatabase(deps, sessionId, now);
  if (loaded && generation === (cacheGenerations.get(deps) ?? 0)) {
    const cache = cacheOf(deps);
    if (cache.size >= SESSION_CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(sessionId, { loadedAt, ...loaded });
  }
  return loaded?.actor;
}

async function loadActorFromDatabase(
  deps: AppDeps,
  sessionId: string,
  now: Date,
): Promise<Omit<CachedSession, 'loadedAt'> | undefined> {
  const session = await repo.findLiveSession(deps.db, sessionId, now.toISOString());
  if (!session) return undefined;
  const seen = {
    expiresAt: Date.parse(session.expires_at),
    sessionSeenAt: Date.parse(session.last_seen_at),
    userSeenAt: session.user_last_seen_at ? Date.parse(session.user_last_seen_at) : null,
  };
  if (session.disabled) return { actor: 'disabled', ...seen };
  if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_INTERVAL_MS) {
    seen.sessionSeenAt = now.getTime();
    seen.expiresAt = now.getTime() + SESSION_TTL_MS;
    await repo.touchSession(
      deps.db,
      sessionId,
      now.toISOString(),
      new Date(now.getTime() + SESSION_TTL_MS).toISOString(),
    );
  }
  if (!session.user_last_seen_at || now.getTime() - Date.parse(session.user_last_seen_at) > USER_SEEN_INTERVAL_MS) {
    await repo.markUserSeen(
      deps.db,
      session.user_id,
      now.toISOString(),
      new Date(now.getTime() - USER_SEEN_INTERVAL_MS).toISOString(),
    );
    seen.userSeenAt = now.getTime();
  }
  const actor = await actorForUser(deps.db, {
    id: session.user_id,
    name: session.name,
    phone: session.phone,
    must_change_password: session.must_change_password,
  });
  return { actor, ...seen };
}

/** An account with its roles and, when it is one, its resident record. */
export async function actorForUser(
  db: Db,
  user: { id: number; name: string; phone: string; must_change_password?: number },
): Promise<Actor> {
  const [roles, resident] = await Promise.all([repo.findRoles(db, user.id), repo.findResidentOfUser(db, user.id)]);
  return {
    userId: user.id,
    name: user.name,
    phone: user.phone,
    roles,
    ...(resident ? { resident: { id: resident.id, communityId: resident.community_id } } : {}),
    ...(user.must_change_password
      ? { mustChangePassword: repo.passwordChangeReasonOf(user.must_change_password) }
      : {}),
  };
}
