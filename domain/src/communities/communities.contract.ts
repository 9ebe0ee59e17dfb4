import { z } from 'zod';

/** What the communities routes answer (the server encodes through these; the web reads these types). */
export const ZCenter = z.object({ name: z.string() });
export type TCenter = z.infer<typeof ZCenter>;

export const ZCommunity = z.object({ id: z.number().int(), name: z.string() });
export type TCommunity = z.infer<typeof ZCommunity>;

export const ZVenue = z.object({ id: z.number().int(), name: z.string(), address: z.string().nullable() });
export type TVenue = z.infer<typeof ZVenue>;
