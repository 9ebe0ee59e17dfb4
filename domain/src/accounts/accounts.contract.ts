import { z } from 'zod';
import { ROLES } from './accounts.schemas.js';

/** What the accounts routes answer (the server encodes through these; the web reads these types). */
export const ZGrantedRole = z.object({
  role: z.enum(ROLES),
  communityId: z.number().int().optional(),
  merchantId: z.number().int().optional(),
});
export type TGrantedRole = z.infer<typeof ZGrantedRole>;

/**
 * Why an account must set a new password before anything else: the center reset it (`reset`: it signs in with
 * a temporary one), or it was a resident's login and has just been given a role (`new_role`: its password met
 * only the residents' rule, and the roles' rule is stricter).
 */
export const ZPasswordChangeReason = z.enum(['reset', 'new_role']);
export type TPasswordChangeReason = z.infer<typeof ZPasswordChangeReason>;

/** The signed-in account: its roles, and its resident record when it is also a resident. */
export const ZMe = z.object({
  id: z.number().int(),
  name: z.string(),
  phoneMasked: z.string(),
  roles: z.array(ZGrantedRole),
  resident: z.object({ id: z.number().int(), communityId: z.number().int() }).nullable(),
  /** true after the center reset the password or a resident's login got a role: nothing else works until the account sets its own */
  mustChangePassword: z.boolean(),
  passwordChangeReason: ZPasswordChangeReason.nullable(),
});
export type TMe = z.infer<typeof ZMe>;

export const ZSignedIn = z.object({ user: ZMe });
export type TSignedIn = z.infer<typeof ZSignedIn>;

/** One account in the console's list, its roles gathered; the phone masked as in every list. */
export const ZUserSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  phoneMasked: z.string(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  passwordChangeReason: ZPasswordChangeReason.nullable(),
  roles: z.array(ZGrantedRole),
  /** whether the one asking may edit, reset or disable it (a volunteer of theirs living elsewhere: not) */
  manageable: z.boolean(),
});
export type TUserSummary = z.infer<typeof ZUserSummary>;

export const ZUserCreated = z.object({ id: z.number().int() });
export type TUserCreated = z.infer<typeof ZUserCreated>;

/** A reset password, answered once: the server keeps only its hash. */
export const ZPasswordReset = z.object({ temporaryPassword: z.string() });
export type TPasswordReset = z.infer<typeof ZPasswordReset>;
/** The account after roles were added to it. */
export const ZUserRolesGranted = z.object({ id: z.number().int(), roles: z.array(ZGrantedRole) });
export type TUserRolesGranted = z.infer<typeof ZUserRolesGranted>;
