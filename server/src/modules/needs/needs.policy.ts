import { canStaffCommunity, isStaff, type Actor } from '../../platform/actor.js';

/** Needs are residents' own voice: only a resident posts or supports, and only in their own community. */
export const canVoiceNeedIn = (actor: Actor, communityId: number) => actor.resident?.communityId === communityId;

/** The planning view (which needs to answer next week) is for the staff of that community and the center. */
export const canPlanFor = (actor: Actor, communityId: number) => canStaffCommunity(actor, communityId);

/** 代点单: staff speak for a resident only at the resident's own community's desk (or the center). */
export const canVoiceNeedFor = (actor: Actor, resident: { community_id: number }) =>
  isStaff(actor) && canStaffCommunity(actor, resident.community_id);
