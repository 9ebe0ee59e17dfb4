import { z } from 'zod';
import { zOptionalText, zText } from '../shared/schemas.js';

export const ZCommunityCreate = z.object({ name: zText('社区名称', 40) }).strict();
export type TCommunityCreate = z.infer<typeof ZCommunityCreate>;

export const ZVenueCreate = z.object({ name: zText('场地名称', 40), address: zOptionalText('地址', 120) }).strict();
export type TVenueCreate = z.infer<typeof ZVenueCreate>;
