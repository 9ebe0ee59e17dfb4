import { sql, type Kysely } from 'kysely';

/**
 * The stored mask of an ID number kept its last four characters (three sequence digits and the
 * check character). With the birth date, the gender and the county's area code that left exactly
 * one possible number. The mask now keeps only the first four characters (province and city), so
 * every sequence number the gender allows stays possible; a returning person is recognised by the
 * keyed digest, never by the mask.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db
    .updateTable('residents')
    .set({ id_number_masked: sql`substr(id_number_masked, 1, 4) || '**************'` })
    .where('id_number_masked', 'is not', null)
    .execute();
}

/** The removed characters are gone for good (that is the point): going down keeps the short mask. */
export async function down(): Promise<void> {}
