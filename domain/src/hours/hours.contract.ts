import { z } from 'zod';
import { HOUR_SOURCES } from './hours.rules.js';

const zInt = z.number().int();

export const ZHoursCorrectionRow = z.object({
  version: zInt,
  minutesBefore: zInt,
  minutes: zInt,
  reason: z.string(),
  correctedByName: z.string().nullable(),
  correctedAt: z.string(),
});
export type THoursCorrectionRow = z.infer<typeof ZHoursCorrectionRow>;

/** One entry: an activity served (check-in to check-out or the scheduled end) or a completed shift. */
export const ZHoursEntry = z.object({
  source: z.enum(HOUR_SOURCES),
  /** checkins.id for an activity, rota_assignments.id for a shift */
  sourceId: zInt,
  /** null: a volunteer login without a resident record (see userId) */
  residentId: zInt.nullable(),
  /** the volunteer's login, when they have one */
  userId: zInt.nullable(),
  /** county date */
  date: z.string(),
  title: z.string(),
  startedAt: z.string(),
  endedAt: z.string(),
  /** 按计划结束时间计: nobody checked out, the hours run to the scheduled end */
  plannedEnd: z.boolean(),
  /** what the check-in/out or shift gave, before any correction */
  originalMinutes: zInt,
  /** what counts: the latest correction, or the original */
  minutes: zInt,
  hours: z.number(),
  /** the number of corrections so far; a correction names the version it saw */
  version: zInt,
  corrections: z.array(ZHoursCorrectionRow),
});
export type THoursEntry = z.infer<typeof ZHoursEntry>;

export const ZMyHours = z.object({
  residentName: z.string(),
  totalMinutes: zInt,
  totalHours: z.number(),
  entries: z.array(ZHoursEntry),
});
export type TMyHours = z.infer<typeof ZMyHours>;

export const ZVolunteerTotals = z.object({
  from: z.string(),
  to: z.string(),
  hours: z.number(),
  volunteers: zInt,
  rows: z.array(
    z.object({
      /** null: a volunteer login without a resident record, counted by userId */
      residentId: zInt.nullable(),
      userId: zInt.nullable(),
      name: z.string(),
      communityId: zInt,
      communityName: z.string(),
      entries: zInt,
      minutes: zInt,
      hours: z.number(),
    }),
  ),
});
export type TVolunteerTotals = z.infer<typeof ZVolunteerTotals>;

/** A person's entries for a period: the console's detail and the 志愿服务时长证明. */
export const ZPersonHours = z.object({
  centerName: z.string(),
  from: z.string(),
  to: z.string(),
  resident: z.object({
    /** null: a volunteer login without a resident record (userId is set; no ID number) */
    id: zInt.nullable(),
    userId: zInt.nullable(),
    name: z.string(),
    idNumberMasked: z.string().nullable(),
    communityName: z.string(),
  }),
  totalMinutes: zInt,
  totalHours: z.number(),
  entries: z.array(ZHoursEntry),
});
export type TPersonHours = z.infer<typeof ZPersonHours>;

export const ZHoursCorrected = z.object({ minutes: zInt, hours: z.number(), version: zInt });
export type THoursCorrected = z.infer<typeof ZHoursCorrected>;
