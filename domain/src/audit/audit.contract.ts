import { z } from 'zod';

/** What the audit route answers (the server encodes through these; the web reads these types). */
export const ZAuditEntry = z.object({
  id: z.number().int(),
  /** null for what the system did by itself (the demo seed, ADMIN_PHONE on first start) */
  actorId: z.number().int().nullable(),
  actorName: z.string(),
  /** the resident this was done for (代办), when there is one */
  residentId: z.number().int().nullable(),
  residentName: z.string().nullable(),
  communityId: z.number().int().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  summary: z.string(),
  at: z.string(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditPage = z.object({
  entries: z.array(ZAuditEntry),
  page: z.number().int(),
  hasMore: z.boolean(),
  /** the `before` that asks for the next page (the last entry's id), null on the last page */
  next: z.number().int().nullable(),
});
export type TAuditPage = z.infer<typeof ZAuditPage>;
