import { z } from 'zod';

/** What the communities routes answer (the server encodes through these; the web reads these types). */
/**
 * `publicUrl` is the base of every absolute link (null: not set yet); `publicUrlSource` says where it
 * comes from — the deployment's PUBLIC_URL (read-only on screen), 中心信息, or the demo's default.
 */
export const ZCenter = z.object({
  name: z.string(),
  publicUrl: z.string().nullable(),
  publicUrlSource: z.enum(['config', 'center', 'demo']).nullable(),
});
export type TCenter = z.infer<typeof ZCenter>;

export const ZCommunity = z.object({ id: z.number().int(), name: z.string() });
export type TCommunity = z.infer<typeof ZCommunity>;

/** An archived community, as the center sees it to restore it (归档的社区). */
export const ZArchivedCommunity = z.object({ id: z.number().int(), name: z.string(), archivedAt: z.string() });
export type TArchivedCommunity = z.infer<typeof ZArchivedCommunity>;

export const ZVenue = z.object({
  id: z.number().int(),
  name: z.string(),
  address: z.string().nullable(),
  /** archived venues are listed only when asked for (`?withArchived=1`), to manage them */
  archived: z.boolean(),
});
export type TVenue = z.infer<typeof ZVenue>;
