import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes } from './helpers.js';

/**
 * The county-wide name search (issue 15): `name LIKE '%秀英%'` can use no index, so a search over
 * 400,000 residents read them all. `resident_name_grams` holds every character and every pair of
 * adjacent characters of each name (`nameGrams` in `domain/`; why pairs and not FTS5 trigrams is
 * written there); the search asks it for the residents having the text's grams, then checks its LIKE
 * on those only. The residents repository keeps it with every write of a name; this fills it for
 * the residents already there (and `npm run seed:large` calls the same SQL after its raw inserts).
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  await db.schema
    .createTable('resident_name_grams')
    .addColumn('gram', 'text', (c) => c.notNull())
    .addColumn('resident_id', columnTypes(dialect).id, (c) => c.notNull().references('residents.id'))
    .addPrimaryKeyConstraint('resident_name_grams_pk', ['gram', 'resident_id'])
    .execute();
  await db.schema.createIndex('resident_name_grams_resident').on('resident_name_grams').column('resident_id').execute();
  await sql.raw(fillNameGramsSql(dialect)).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('resident_name_grams').execute();
}

/**
 * Every resident's grams, in SQL: characters and adjacent pairs by position (`substr` counts code
 * points on both databases, as `nameGrams` does), ASCII letters lower-cased (SQLite's `lower` folds
 * only those; on PostgreSQL `translate` does the same, where `lower` would fold every script). Inserted
 * in key order: 400,000 residents' 1.8 M grams took 28 s instead of 42 s (5.0 s CPU instead of 7.1).
 */
export function fillNameGramsSql(dialect: DialectName): string {
  const fold = (x: string) =>
    dialect === 'postgres'
      ? `translate(${x}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')`
      : `lower(${x})`;
  return `with recursive pos(n) as (
      select 1 union all select n + 1 from pos where n < (select coalesce(max(length(name)), 0) from residents)
    )
    insert into resident_name_grams (gram, resident_id)
    select ${fold('substr(r.name, pos.n, 1)')}, r.id from residents r join pos on pos.n <= length(r.name)
    union
    select ${fold('substr(r.name, pos.n, 2)')}, r.id from residents r join pos on pos.n < length(r.name)
    order by 1, 2`;
}
