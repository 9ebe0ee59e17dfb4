import { z } from 'zod';

/** What the notifications routes answer (the server encodes through these; the web reads these types). */
export const ZNotification = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  at: z.string(),
  read: z.boolean(),
});
export type TNotification = z.infer<typeof ZNotification>;

/** My newest messages (at most 50) and how many of all of them are unread. */
export const ZNotifications = z.object({ unread: z.number().int(), items: z.array(ZNotification) });
export type TNotifications = z.infer<typeof ZNotifications>;
