import { canStaffCommunity, type Actor } from '../../platform/actor.js';

/** Photos and results belong to a community: its staff (and the center) upload and publish them. */
export const canPublishFor = (actor: Actor, communityId: number) => canStaffCommunity(actor, communityId);

/** A partner thanked on a result is one of the community's own, or a county-wide partner (no community). */
export const isPartnerOf = (partner: { community_id: number | null }, communityId: number) =>
  partner.community_id === null || partner.community_id === communityId;
