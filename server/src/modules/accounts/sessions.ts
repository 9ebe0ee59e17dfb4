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
 * sessions stop at its next request (the account is read with the session, every time), answered
 * ACCOUNT_DISABLED by the guards; an account with a temporary password may call nothing but the routes above.
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

async function loadActor(deps: AppDeps, sessionId: string): Promise<Actor | 'disabled' | undefined> {
  const now = deps.clock.now();
  const session = await repo.findLiveSession(deps.db, sessionId, now.toISOString());
  if (!session) return undefined;
  if (session.disabled) return 'disabled';
  if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_INTERVAL_MS) {
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
  }
  return actorForUser(deps.db, {
    id: session.user_id,
    name: session.name,
    phone: session.phone,
    must_change_password: session.must_change_password,
  });
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
