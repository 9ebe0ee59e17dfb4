import { canStaffCommunity, isStaff, type Actor } from '../../platform/actor.js';

/** The shop counter, donations and stock belong to a community's staff (and the center). */
export const canRunShopIn = (actor: Actor, communityId: number) =>
  isStaff(actor) && canStaffCommunity(actor, communityId);

/** A receipt is the resident's own, and their community staff's. */
export const canReadReceipt = (actor: Actor, redemption: { resident_id: number; community_id: number }) =>
  actor.resident?.id === redemption.resident_id || canRunShopIn(actor, redemption.community_id);
