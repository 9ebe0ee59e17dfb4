import { sql, type Kysely } from 'kysely';
import type { DialectName } from '../connect.js';
import { columnTypes, withId } from './helpers.js';

/**
 * The center's template of points rules (edited by the center admin, never awarded under) and the
 * origin of a copied rule. A community holds each source rule at most once: the unique keys on
 * (community, source) make a second copy — or two at once — find the rule already there.
 */
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const t = columnTypes(dialect);
  await withId(db.schema.createTable('points_rule_templates'), dialect)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('points', 'integer', (c) => c.notNull().check(sql`points > 0`))
    .addColumn('description', 'text')
    .addColumn('limit_per_day', 'integer', (c) => c.check(sql`limit_per_day > 0`))
    .addColumn('limit_per_week', 'integer', (c) => c.check(sql`limit_per_week > 0`))
    .addColumn('limit_per_month', 'integer', (c) => c.check(sql`limit_per_month > 0`))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('archived_at', t.instant)
    .addColumn('updated_by', t.id, (c) => c.references('users.id'))
    .addColumn('updated_at', t.instant, (c) => c.notNull())
    .execute();
  await db.schema
    .alterTable('points_rules')
    .addColumn('source_rule_id', t.id, (c) => c.references('points_rules.id'))
    .execute();
  await db.schema
    .alterTable('points_rules')
    .addColumn('source_template_id', t.id, (c) => c.references('points_rule_templates.id'))
    .execute();
  await db.schema.alterTable('points_rules').addColumn('origin_note', 'text').execute();
  await db.schema
    .createIndex('points_rules_community_source_rule_unique')
    .unique()
    .on('points_rules')
    .columns(['community_id', 'source_rule_id'])
    .execute();
  await db.schema
    .createIndex('points_rules_community_source_template_unique')
    .unique()
    .on('points_rules')
    .columns(['community_id', 'source_template_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('points_rules_community_source_template_unique').execute();
  await db.schema.dropIndex('points_rules_community_source_rule_unique').execute();
  await db.schema.alterTable('points_rules').dropColumn('origin_note').execute();
  await db.schema.alterTable('points_rules').dropColumn('source_template_id').execute();
  await db.schema.alterTable('points_rules').dropColumn('source_rule_id').execute();
  await db.schema.dropTable('points_rule_templates').execute();
}
