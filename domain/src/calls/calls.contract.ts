import { z } from 'zod';

const zInt = z.number().int();
const ZCallEntryStatus = z.enum(['pending', 'seen', 'told', 'unreachable']);

/** What a cancel or change answers when it made a call list: where to go, and how many need a call now. */
export const ZCallListOpened = z.object({ id: zInt, needsCall: zInt });
export type TCallListOpened = z.infer<typeof ZCallListOpened>;

export const ZCallListSummary = z.object({
  id: zInt,
  kind: z.enum(['activity.cancelled', 'activity.changed', 'session.cancelled']),
  title: z.string(),
  /** what to say on the phone, in words taken from the data (name, old and new time and place, reason) */
  message: z.string(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  /** counts over the entries the reader may see */
  total: zInt,
  pending: zInt,
  unreachable: zInt,
  settled: zInt,
  done: z.boolean(),
});
export type TCallListSummary = z.infer<typeof ZCallListSummary>;

export const ZCallLists = z.object({ lists: z.array(ZCallListSummary) });
export type TCallLists = z.infer<typeof ZCallLists>;

export const ZCallEntry = z.object({
  id: zInt,
  residentId: zInt,
  name: z.string(),
  communityName: z.string(),
  /** registered / waitlisted for an activity, booked for a session */
  role: z.enum(['registered', 'waitlisted', 'booked']),
  /** the number to dial: the login's phone, else the contact phone the desk recorded */
  phone: z.string().nullable(),
  /** the desk's contact phone when it differs from the login's, with its note (女儿, 座机) */
  contactPhone: z.string().nullable(),
  contactNote: z.string().nullable(),
  hasLogin: z.boolean(),
  lastSeenAt: z.string().nullable(),
  status: ZCallEntryStatus,
  outcomeNote: z.string().nullable(),
  outcomeByName: z.string().nullable(),
  outcomeAt: z.string().nullable(),
});
export type TCallEntry = z.infer<typeof ZCallEntry>;

export const ZCallListDetail = ZCallListSummary.extend({ entries: z.array(ZCallEntry) });
export type TCallListDetail = z.infer<typeof ZCallListDetail>;
