import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ErrorCode } from '@zhongli/domain';
import { isCenterAdmin, isStaff, type Actor } from './actor.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
    /** Why the session cookie this request carries no longer signs anyone in (a disabled account). */
    sessionRefusal?: ErrorCode;
  }
}

/**
 * preHandlers: authentication here, finer authorisation in each module's policy. A request whose session
 * was refused says why (ACCOUNT_DISABLED), so the page can tell the person instead of showing the sign-in.
 */
export async function requireUser(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  signedInActor(request);
}

export async function requireStaff(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!isStaff(signedInActor(request))) throw new AppError('FORBIDDEN');
}

export async function requireCenterAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!isCenterAdmin(signedInActor(request))) throw new AppError('FORBIDDEN');
}

/** The actor of a request that passed one of the guards above. */
export function actorOf(request: FastifyRequest): Actor {
  return signedInActor(request);
}

function signedInActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(request.sessionRefusal ?? 'UNAUTHENTICATED');
  return request.actor;
}
