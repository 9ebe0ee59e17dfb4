import { canStaffCommunity, type Actor } from '../../platform/actor.js';

/** Staff register and edit the merchants of their own communities; the center, all of them. */
export const canManageMerchants = (actor: Actor, communityId: number) => canStaffCommunity(actor, communityId);
