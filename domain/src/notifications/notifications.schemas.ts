import { z } from 'zod';
import { zId } from '../shared/schemas.js';

/** Marks my messages read, all of them or those up to (and including) one id. */
export const ZNotificationsRead = z.object({ upToId: zId.optional() }).strict();
export type TNotificationsRead = z.infer<typeof ZNotificationsRead>;
