import { canStaffCommunity, isCenterAdmin, type Actor } from '../../platform/actor.js';

/** Communities are the center's to create; venues belong to a community and its staff may add them. */
export const canCreateCommunity = (actor: Actor) => isCenterAdmin(actor);
export const canManageVenues = (actor: Actor, communityId: number) => canStaffCommunity(actor, communityId);
export const canEditCenter = (actor: Actor) => isCenterAdmin(actor);
