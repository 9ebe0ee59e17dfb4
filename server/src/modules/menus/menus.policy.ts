import { isCenterAdmin, type Actor } from '../../platform/actor.js';

/** The week's review and publication are the center's (中心及时告). */
export const canManageMenus = (actor: Actor) => isCenterAdmin(actor);
