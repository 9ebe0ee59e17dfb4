import { PHONE_THROTTLE } from '@zhongli/domain';
import type { AppDeps } from '../../src/platform/deps.js';
import { findUserByPhone } from '../../src/modules/accounts/accounts.repository.js';
import { verifyPassword } from '../../src/modules/accounts/passwords.js';

/**
 * The sign-in limit as it was (issue 11, defect 1), used only as a negative control: the failure count is
 * read before the password check and written after it, so a burst of guesses all read the same count. The
 * check and the write are separate statements with argon2 between them, outside any transaction, so it races
 * on both databases. Answers whether the password was checked, and whether it was right.
 */
export async function naiveSignIn(deps: AppDeps, phone: string, password: string) {
  const key = `phone:${phone}`;
  const row = await deps.db.selectFrom('login_throttle').select('failures').where('key', '=', key).executeTakeFirst();
  if ((row?.failures ?? 0) >= PHONE_THROTTLE.freeFailures) return { checked: false, ok: false };
  const user = await findUserByPhone(deps.db, phone);
  const ok = await verifyPassword(user!.password_hash!, password);
  if (!ok) {
    await deps.db
      .insertInto('login_throttle')
      .values({ key, failures: 1, last_attempt_at: deps.clock.now().toISOString(), version: 0 })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb('login_throttle.failures', '+', 1) })))
      .execute();
  }
  return { checked: true, ok };
}
