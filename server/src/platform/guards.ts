import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@zhongli/domain';
import { isCenterAdmin, isStaff, type Actor } from './actor.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** preHandlers: authentication here, finer authorisation in each module's policy. */
export async function requireUser(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
}

export async function requireStaff(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  if (!isStaff(request.actor)) throw new AppError('FORBIDDEN');
}

export async function requireCenterAdmin(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  if (!isCenterAdmin(request.actor)) throw new AppError('FORBIDDEN');
}

/** The actor of a request that passed one of the guards above. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError('UNAUTHENTICATED');
  return request.actor;
}
