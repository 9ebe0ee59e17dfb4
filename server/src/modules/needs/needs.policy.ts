import { canStaffCommunity, type Actor } from '../../platform/actor.js';

/** Needs are residents' own voice: only a resident posts or supports, and only in their own community. */
export const canVoiceNeedIn = (actor: Actor, communityId: number) => actor.resident?.communityId === communityId;

/** The planning view (which needs to answer next week) is for the staff of that community and the center. */
export const canPlanFor = (actor: Actor, communityId: number) => canStaffCommunity(actor, communityId);
