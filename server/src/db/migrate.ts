import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from 'kysely';
import type { DialectName } from './connect.js';
import * as foundation from './migrations/20261128_0001_foundation.js';
import * as points from './migrations/20261128_0002_points.js';
import * as shopVouchers from './migrations/20261128_0003_shop_vouchers.js';
import * as weeklyMenu from './migrations/20261128_0004_weekly_menu.js';
import * as merchantPartners from './migrations/20261128_0005_merchant_partners.js';
import * as services from './migrations/20261128_0006_services.js';
import * as donationSource from './migrations/20261128_0007_donation_source.js';
import * as pointsShopVoucherLimits from './migrations/20261202_0201_limit_usage.js';
import * as checkinCodeFailures from './migrations/20261202_0301_checkin_code_failures.js';
import * as bookingState from './migrations/20261202_0401_booking_state.js';
import * as limitUsage from './migrations/20261202_0402_limit_usage.js';
import * as loginThrottle from './migrations/20261203_0101_login_throttle.js';
import * as blobs from './migrations/20261203_0201_blobs.js';
import * as idMask from './migrations/20261203_0301_id_mask.js';
import * as centerPublicUrl from './migrations/20261203_0501_center_public_url.js';
import * as serviceNotes from './migrations/20261204_0101_service_notes.js';
import * as holidays from './migrations/20261204_0102_holidays.js';
import * as mustChangePassword from './migrations/20261204_0201_must_change_password.js';
import * as residentArchive from './migrations/20261204_0202_resident_archive.js';
import * as communityVenueArchive from './migrations/20261204_0203_community_venue_archive.js';
import * as needsOnBehalf from './migrations/20261204_0301_needs_on_behalf.js';
import * as userRolesUnique from './migrations/20261204_0302_user_roles_unique.js';
import * as sessionCompleted from './migrations/20261204_0303_session_completed.js';
import * as pointsRuleTemplates from './migrations/20261204_0501_points_rule_templates.js';
import * as activityCopies from './migrations/20261204_0502_activity_copies.js';
import * as callLists from './migrations/20261205_0101_call_lists.js';
import * as partnerRecords from './migrations/20261205_0201_partner_records.js';
import * as statsIndexes from './migrations/20261206_0401_stats_indexes.js';
import * as volunteerHours from './migrations/20261206_01_volunteer_hours.js';
import * as reportSnapshots from './migrations/20261206_0501_report_snapshots.js';
import * as countyIndexes from './migrations/20261206_0601_county_indexes.js';
import * as importsOpening from './migrations/20261206_0301_imports_opening.js';
import * as importCheckUsage from './migrations/20261206_0302_import_check_usage.js';
import * as hoursUsers from './migrations/20261206_07_hours_users.js';
import * as countyQueries from './migrations/20261207_0201_county_queries.js';
import * as residentNameGrams from './migrations/20261207_0202_resident_name_grams.js';
import * as dataVersions from './migrations/20261207_0301_data_versions.js';
import * as pointsCheckpoints from './migrations/20261207_0601_points_checkpoints.js';

interface DialectMigration {
  up(db: Kysely<any>, dialect: DialectName): Promise<void>;
  down(db: Kysely<any>, dialect: DialectName): Promise<void>;
}

/** In order. Names are timestamped so migrations from parallel branches sort predictably. */
const MIGRATIONS: Record<string, DialectMigration> = {
  '20261128_0001_foundation': foundation,
  '20261128_0002_points': points,
  '20261128_0003_shop_vouchers': shopVouchers,
  '20261128_0004_weekly_menu': weeklyMenu,
  '20261128_0005_merchant_partners': merchantPartners,
  '20261128_0006_services': services,
  '20261128_0007_donation_source': donationSource,
  '20261202_0201_limit_usage': pointsShopVoucherLimits,
  '20261202_0301_checkin_code_failures': checkinCodeFailures,
  '20261202_0401_booking_state': bookingState,
  '20261202_0402_limit_usage': limitUsage,
  '20261203_0101_login_throttle': loginThrottle,
  '20261203_0201_blobs': blobs,
  '20261203_0301_id_mask': idMask,
  '20261203_0501_center_public_url': centerPublicUrl,
  '20261204_0101_service_notes': serviceNotes,
  '20261204_0102_holidays': holidays,
  '20261204_0201_must_change_password': mustChangePassword,
  '20261204_0202_resident_archive': residentArchive,
  '20261204_0203_community_venue_archive': communityVenueArchive,
  '20261204_0301_needs_on_behalf': needsOnBehalf,
  '20261204_0302_user_roles_unique': userRolesUnique,
  '20261204_0303_session_completed': sessionCompleted,
  '20261204_0501_points_rule_templates': pointsRuleTemplates,
  '20261204_0502_activity_copies': activityCopies,
  '20261205_0101_call_lists': callLists,
  '20261205_0201_partner_records': partnerRecords,
  '20261206_0401_stats_indexes': statsIndexes,
  '20261206_01_volunteer_hours': volunteerHours,
  '20261206_0501_report_snapshots': reportSnapshots,
  '20261206_0601_county_indexes': countyIndexes,
  '20261206_0301_imports_opening': importsOpening,
  '20261206_0302_import_check_usage': importCheckUsage,
  '20261206_07_hours_users': hoursUsers,
  '20261207_0201_county_queries': countyQueries,
  '20261207_0202_resident_name_grams': residentNameGrams,
  '20261207_0301_data_versions': dataVersions,
  '20261207_0601_points_checkpoints': pointsCheckpoints,
};

class StaticProvider implements MigrationProvider {
  constructor(private readonly dialect: DialectName) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return Object.fromEntries(
      Object.entries(MIGRATIONS).map(([name, m]) => [
        name,
        { up: (db: Kysely<any>) => m.up(db, this.dialect), down: (db: Kysely<any>) => m.down(db, this.dialect) },
      ]),
    );
  }
}

/**
 * On PostgreSQL the migration bookkeeping tables live in the current schema, named explicitly:
 * Kysely otherwise looks for them in every schema and can mistake another schema's for ours
 * (several schemas share one database in the test suite, and may in a deployment).
 */
async function migrator(db: Kysely<any>, dialect: DialectName) {
  let migrationTableSchema: string | undefined;
  if (dialect === 'postgres') {
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
    migrationTableSchema = rows[0]?.schema;
  }
  return new Migrator({ db, provider: new StaticProvider(dialect), migrationTableSchema });
}

function check({ error, results }: MigrationResultSet): void {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}

export async function migrateToLatest(db: Kysely<any>, dialect: DialectName): Promise<void> {
  check(await (await migrator(db, dialect)).migrateToLatest());
}

export async function migrateDownAll(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const m = await migrator(db, dialect);
  for (;;) {
    const result = await m.migrateDown();
    check(result);
    if (!result.results?.length) return;
  }
}
