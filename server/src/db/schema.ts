import type { Generated, GeneratedAlways, Insertable, Selectable } from 'kysely';
import type { BookingState } from '@zhongli/domain';

/**
 * The database as Kysely sees it. Conventions that hold on SQLite and PostgreSQL alike:
 * ids are integers; instants are ISO 8601 UTC strings (timestamptz on PostgreSQL, parsed back to
 * strings); calendar dates are 'YYYY-MM-DD'; flags are 0/1 integers (better-sqlite3 cannot bind
 * booleans); money is integer fen; points are integers.
 */
export interface Database {
  center: CenterTable;
  app_settings: AppSettingsTable;
  communities: CommunitiesTable;
  venues: VenuesTable;
  merchants: MerchantsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  residents: ResidentsTable;
  resident_name_grams: ResidentNameGramsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  known_devices: KnownDevicesTable;
  audit_log: AuditLogTable;
  points_rules: PointsRulesTable;
  points_rule_templates: PointsRuleTemplatesTable;
  points_rule_versions: PointsRuleVersionsTable;
  points_rule_revisions: PointsRuleRevisionsTable;
  points_balances: PointsBalancesTable;
  points_ledger: PointsLedgerTable;
  points_limit_usage: PointsLimitUsageTable;
  points_adjustments: PointsAdjustmentsTable;
  idempotency_keys: IdempotencyKeysTable;
  blobs: BlobsTable;
  shop_items: ShopItemsTable;
  shop_donations: ShopDonationsTable;
  stock_movements: StockMovementsTable;
  shop_redemptions: ShopRedemptionsTable;
  shop_redemption_lines: ShopRedemptionLinesTable;
  shop_redemption_lots: ShopRedemptionLotsTable;
  shop_limit_usage: ShopLimitUsageTable;
  merchant_contributions: MerchantContributionsTable;
  voucher_offers: VoucherOffersTable;
  vouchers: VouchersTable;
  voucher_limit_usage: VoucherLimitUsageTable;
  activity_categories: ActivityCategoriesTable;
  partners: PartnersTable;
  needs: NeedsTable;
  need_supports: NeedSupportsTable;
  activities: ActivitiesTable;
  activity_partners: ActivityPartnersTable;
  activity_needs: ActivityNeedsTable;
  menu_weeks: MenuWeeksTable;
  registrations: RegistrationsTable;
  checkins: CheckinsTable;
  checkin_code_failures: CheckinCodeFailuresTable;
  photos: PhotosTable;
  activity_results: ActivityResultsTable;
  activity_result_photos: ActivityResultPhotosTable;
  activity_result_partners: ActivityResultPartnersTable;
  activity_feedback: ActivityFeedbackTable;
  notifications: NotificationsTable;
  merchant_ratings: MerchantRatingsTable;
  merchant_requests: MerchantRequestsTable;
  merchant_request_photos: MerchantRequestPhotosTable;
  services: ServicesTable;
  holidays: HolidaysTable;
  service_sessions: ServiceSessionsTable;
  bookings: BookingsTable;
  service_limit_usage: ServiceLimitUsageTable;
  service_volunteers: ServiceVolunteersTable;
  volunteer_unavailability: VolunteerUnavailabilityTable;
  rota_assignments: RotaAssignmentsTable;
  rota_changes: RotaChangesTable;
  volunteer_hour_corrections: VolunteerHourCorrectionsTable;
  call_lists: CallListsTable;
  call_list_entries: CallListEntriesTable;
  report_snapshots: ReportSnapshotsTable;
  points_verifications: PointsVerificationsTable;
  points_checkpoints: PointsCheckpointsTable;
  points_checkpoint_heads: PointsCheckpointHeadsTable;
  resident_imports: ResidentImportsTable;
  import_check_usage: ImportCheckUsageTable;
  resident_import_rows: ResidentImportRowsTable;
  opening_batches: OpeningBatchesTable;
  opening_batch_rows: OpeningBatchRowsTable;
  data_versions: DataVersionsTable;
}

export interface CenterTable {
  id: number;
  name: string;
  /** 中心信息's public address; PUBLIC_URL, when configured, wins. */
  public_url: string | null;
}

export interface AppSettingsTable {
  key: string;
  value: string;
}

export interface CommunitiesTable {
  id: Generated<number>;
  name: string;
  created_at: string;
  /** archived: gone from pickers and public lists; its history stays */
  archived_at: string | null;
}

export interface VenuesTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  address: string | null;
  created_at: string;
  archived_at: string | null;
}

export interface MerchantsTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  address: string;
  category: string;
  party_alliance: number;
  created_at: string;
}

/** Each character and adjacent pair of a resident's name (`nameGrams`): the name search's index. */
export interface ResidentNameGramsTable {
  gram: string;
  resident_id: number;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  phone: string;
  password_hash: string | null;
  disabled: Generated<number>;
  created_at: string;
  password_changed_at: string | null;
  /** 1 after the center reset the password: the account may do nothing else until it sets its own. */
  must_change_password: Generated<number>;
  /** when the account last used the app (any signed-in request; refreshed at most every few minutes) */
  last_seen_at: string | null;
  /** the phone's last four digits, computed by the database (migration 20261207_0201): the staff search's index */
  phone_last4: GeneratedAlways<string>;
}

export interface UserRolesTable {
  id: Generated<number>;
  user_id: number;
  role: 'center_admin' | 'community_staff' | 'merchant' | 'volunteer';
  community_id: number | null;
  merchant_id: number | null;
}

export interface ResidentsTable {
  id: Generated<number>;
  community_id: number;
  user_id: number | null;
  name: string;
  member_code: string;
  birth_date: string;
  gender: 'male' | 'female' | null;
  id_number_masked: string | null;
  /** HMAC of the ID number under a server key: finds a second registration of the same person without keeping the number. */
  id_number_digest: string | null;
  created_by: number | null;
  created_at: string;
  /** Set when archived (moved away or deceased): hidden from lists and desks, nothing new done for them. */
  archived_at: string | null;
  archive_reason: 'moved' | 'deceased' | null;
  /** the county date the person moved away or died, as staff recorded it */
  archived_on: string | null;
  archive_note: string | null;
  /** a number to phone when something changes (digits: a mobile or a landline), for people without a login */
  contact_phone: string | null;
  /** whose number it is: 女儿, 座机 */
  contact_note: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a leaked table cannot be replayed as cookies. */
  id: string;
  user_id: number;
  created_at: string;
  expires_at: string;
  last_seen_at: string;
}

export interface KnownDevicesTable {
  user_id: number;
  device_hash: string;
  first_signed_in_at: string;
  last_signed_in_at: string;
}

export interface LoginThrottleTable {
  key: string;
  failures: number;
  last_attempt_at: string;
  version: Generated<number>;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  actor_name: string;
  on_behalf_resident_id: number | null;
  community_id: number | null;
  action: string;
  target_type: string;
  target_id: string | null;
  summary: string;
  created_at: string;
}

export type UserRow = Selectable<UsersTable>;
export type ResidentRow = Selectable<ResidentsTable>;
export type NewAuditEntry = Insertable<AuditLogTable>;

export interface PointsRulesTable {
  id: Generated<number>;
  community_id: number;
  code: string;
  created_at: string;
  /** the community rule this one was copied from */
  source_rule_id: number | null;
  /** the center template rule this one was copied from */
  source_template_id: number | null;
  /** where a copied rule came from, in words ('复制自中心模板') */
  origin_note: string | null;
}

export interface PointsRuleTemplatesTable {
  id: Generated<number>;
  name: string;
  category: string;
  points: number;
  description: string | null;
  limit_per_day: number | null;
  limit_per_week: number | null;
  limit_per_month: number | null;
  position: number;
  archived_at: string | null;
  updated_by: number | null;
  updated_at: string;
}

export interface PointsRuleVersionsTable {
  id: Generated<number>;
  community_id: number;
  version: number;
  effective_from: string;
  exchange_rules: string | null;
  created_by: number | null;
  created_at: string;
}

export interface PointsRuleRevisionsTable {
  id: Generated<number>;
  version_id: number;
  rule_id: number;
  name: string;
  category: string;
  points: number;
  description: string | null;
  /** the rule's limits per resident (the API's `caps`); null is unlimited */
  limit_per_day: number | null;
  limit_per_week: number | null;
  limit_per_month: number | null;
  position: number;
}

export interface PointsBalancesTable {
  resident_id: number;
  balance: number;
  entry_count: number;
  /** Hash of the resident's newest ledger entry: the head of their chain. */
  last_hash: string;
}

export type LedgerKind = 'award' | 'adjustment' | 'reversal' | 'redemption' | 'voucher' | 'opening';

export interface PointsLedgerTable {
  id: Generated<number>;
  resident_id: number;
  community_id: number;
  /** 1, 2, 3 … per resident: a gap or a repeat is visible. */
  seq: number;
  delta: number;
  kind: LedgerKind;
  rule_id: number | null;
  rule_revision_id: number | null;
  ref_type: string | null;
  ref_id: string | null;
  reason: string | null;
  actor_user_id: number | null;
  on_behalf_resident_id: number | null;
  idempotency_key: string;
  balance_after: number;
  prev_hash: string;
  hash: string;
  created_at: string;
}

/** Awards counted against a rule's limits (its `caps` in the API), per resident and period. */
export interface PointsLimitUsageTable {
  resident_id: number;
  rule_id: number;
  /** 'day:2026-11-28', 'week:2026-W48', 'month:2026-11' */
  period: string;
  count: number;
}

export interface PointsAdjustmentsTable {
  id: Generated<number>;
  resident_id: number;
  community_id: number;
  delta: number;
  reason: string;
  status: 'pending' | 'approved' | 'rejected';
  requested_by: number;
  requested_at: string;
  decided_by: number | null;
  decided_at: string | null;
  entry_id: number | null;
}

export interface IdempotencyKeysTable {
  actor_user_id: number;
  key: string;
  request_hash: string;
  status_code: number | null;
  response: string | null;
  created_at: string;
}

export interface ShopItemsTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  points_price: number;
  stock: Generated<number>;
  status: Generated<'active' | 'paused'>;
  monthly_limit: number | null;
  description: string | null;
  low_stock_threshold: Generated<number>;
  created_at: string;
}

/** A donation is a lot: `remaining` says how many of its units are still on the shelf. */
export interface ShopDonationsTable {
  id: Generated<number>;
  item_id: number;
  community_id: number;
  merchant_id: number | null;
  donor_name: string | null;
  quantity: number;
  remaining: number;
  donated_on: string;
  estimated_value_fen: number | null;
  note: string | null;
  recorded_by: number | null;
  created_at: string;
  source: Generated<'donation' | 'adjustment'>;
}

export interface StockMovementsTable {
  id: Generated<number>;
  item_id: number;
  community_id: number;
  delta: number;
  stock_after: number;
  kind: 'donation' | 'redemption' | 'adjustment';
  ref_type: string | null;
  ref_id: string | null;
  reason: string | null;
  actor_user_id: number | null;
  created_at: string;
}

export interface ShopRedemptionsTable {
  id: Generated<number>;
  community_id: number;
  resident_id: number;
  points_spent: number;
  ledger_entry_id: number | null;
  actor_user_id: number | null;
  created_at: string;
}

export interface ShopRedemptionLinesTable {
  id: Generated<number>;
  redemption_id: number;
  item_id: number;
  item_name: string;
  quantity: number;
  points_price: number;
}

export interface ShopRedemptionLotsTable {
  id: Generated<number>;
  line_id: number;
  donation_id: number;
  quantity: number;
}

/** Units counted against an item's monthly limit, per resident. */
export interface ShopLimitUsageTable {
  resident_id: number;
  item_id: number;
  month: string;
  count: number;
}

export interface MerchantContributionsTable {
  id: Generated<number>;
  merchant_id: number;
  kind: 'donation' | 'sponsorship' | 'booth' | 'service' | 'voucher';
  ref_type: string | null;
  ref_id: string | null;
  description: string;
  quality: number | null;
  occurred_at: string;
  recorded_by: number | null;
  created_at: string;
  activity_id: number | null;
  /** Staff who marked the quality of an automatic contribution (a donation, an honoured voucher). */
  confirmed_by: number | null;
  confirmed_at: string | null;
}

export interface VoucherOffersTable {
  id: Generated<number>;
  merchant_id: number;
  community_id: number;
  title: string;
  face_value_fen: number;
  points_cost: number;
  quantity: number;
  claimed: Generated<number>;
  valid_until: string;
  per_resident_limit: number;
  status: Generated<'active' | 'withdrawn'>;
  created_by: number | null;
  created_at: string;
}

export interface VouchersTable {
  id: Generated<number>;
  offer_id: number;
  merchant_id: number;
  resident_id: number;
  code: string;
  status: Generated<'issued' | 'redeemed'>;
  ledger_entry_id: number | null;
  claimed_at: string;
  expires_at: string;
  redeemed_at: string | null;
  redeemed_by: number | null;
}

/** Claims counted against an offer's limit per resident. */
export interface VoucherLimitUsageTable {
  offer_id: number;
  resident_id: number;
  count: number;
}

export interface ActivityCategoriesTable {
  id: Generated<number>;
  name: string;
  position: number;
}

export interface PartnersTable {
  id: Generated<number>;
  kind: 'merchant' | 'unit' | 'inheritor' | 'institution';
  name: string;
  merchant_id: number | null;
  community_id: number | null;
  created_at: string;
  contact_person: string | null;
  /** a mobile (11 digits) or a landline with its area code (`0371-12345678`) */
  phone: string | null;
  notes: string | null;
  /** archived partners leave the pickers; activities and results keep naming them */
  archived_at: string | null;
}

export interface NeedsTable {
  id: Generated<number>;
  community_id: number;
  resident_id: number;
  category: string;
  text: string;
  supports: Generated<number>;
  /** 代点单: the staff account that posted it for the resident; null when the resident did. */
  posted_by_user_id: number | null;
  created_at: string;
}

export interface NeedSupportsTable {
  need_id: number;
  resident_id: number;
  /** the staff account that supported it for the resident at the desk; null when the resident did */
  supported_by_user_id: number | null;
  created_at: string;
}

export type ActivityStatus = 'draft' | 'submitted' | 'approved' | 'returned' | 'published' | 'cancelled';

export interface ActivitiesTable {
  id: Generated<number>;
  community_id: number;
  title: string;
  category: string;
  venue_id: number | null;
  place: string | null;
  starts_at: string;
  ends_at: string;
  /** ISO week of starts_at in the county: the menu it belongs to. */
  week: string;
  capacity: number | null;
  /** Places taken (registered, not waitlisted): the guarded counter. */
  registered: Generated<number>;
  /** Last waitlist position handed out: positions only grow, so order is arrival order. */
  waitlist_seq: Generated<number>;
  points_rule_id: number | null;
  description: string | null;
  cover_photo_id: number | null;
  status: ActivityStatus;
  return_reason: string | null;
  published_at: string | null;
  changed_at: string | null;
  change_note: string | null;
  cancelled_at: string | null;
  cancel_reason: string | null;
  /** Key of the rotating check-in code (HMAC of the time slot); never leaves the server. */
  checkin_secret: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
  /** the activity this one copies a week on (unique: one copy per activity) */
  copied_from_id: number | null;
  /** 志愿服务: everyone checked in serves as a volunteer and earns hours (0/1) */
  volunteer_service: Generated<number>;
}

export interface ActivityPartnersTable {
  activity_id: number;
  partner_id: number;
}

export interface ActivityNeedsTable {
  activity_id: number;
  need_id: number;
}

export interface MenuWeeksTable {
  week: string;
  published_at: string;
  published_by: number | null;
}

export interface RegistrationsTable {
  id: Generated<number>;
  activity_id: number;
  resident_id: number;
  status: 'registered' | 'waitlisted' | 'cancelled';
  waitlist_position: number | null;
  registered_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface CheckinsTable {
  id: Generated<number>;
  activity_id: number;
  resident_id: number;
  method: 'code' | 'card' | 'staff';
  points_entry_id: number | null;
  actor_user_id: number | null;
  checked_in_at: string;
  /** 签退: by the check-out code or marked by staff; null = the hours run to the scheduled end */
  checked_out_at: string | null;
  checkout_method: 'code' | 'staff' | null;
  checkout_by: number | null;
}

/** Wrong check-in codes of one resident for one activity in the current ten-minute window. */
export interface CheckinCodeFailuresTable {
  activity_id: number;
  resident_id: number;
  window_started_at: string;
  failures: number;
}

export interface PhotosTable {
  id: Generated<number>;
  community_id: number;
  path: string;
  width: number;
  height: number;
  bytes: number;
  uploaded_by: number | null;
  created_at: string;
}

export interface ActivityResultsTable {
  activity_id: number;
  summary: string;
  attendance: number;
  registered: number;
  published_by: number | null;
  published_at: string;
}

export interface ActivityResultPhotosTable {
  activity_id: number;
  photo_id: number;
  position: number;
}

export interface ActivityResultPartnersTable {
  activity_id: number;
  partner_id: number;
}

export interface ActivityFeedbackTable {
  activity_id: number;
  resident_id: number;
  stars: number;
  comment: string | null;
  created_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  resident_id: number;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  created_at: string;
  read_at: string | null;
}

export interface MerchantRatingsTable {
  merchant_id: number;
  /** '2026-11': the rating as it stood at the start of that month. */
  month: string;
  stars: number;
  contributions: number;
  average_quality: number | null;
  explanation: string;
  rated_at: string;
}

export interface MerchantRequestsTable {
  id: Generated<number>;
  merchant_id: number;
  community_id: number;
  title: string;
  description: string;
  status: 'open' | 'in_progress' | 'resolved';
  response: string | null;
  raised_by: number | null;
  handled_by: number | null;
  created_at: string;
  updated_at: string;
  resolved_at: string | null;
}

export interface MerchantRequestPhotosTable {
  request_id: number;
  photo_id: number;
}

/** The county's holiday calendar: 法定节假日 (off) and 调休上班 (workday), one row per date. */
export interface HolidaysTable {
  date: string;
  kind: 'off' | 'workday';
  name: string;
  created_at: string;
}

export interface ServicesTable {
  id: Generated<number>;
  community_id: number;
  name: string;
  venue_id: number | null;
  price_fen: number;
  /** JSON of the domain's ScheduleRule. */
  schedule: string;
  holiday_policy: Generated<'skip' | 'next_day'>;
  min_age: number | null;
  scope: 'community' | 'county';
  booking_days_ahead: number;
  booking_time: string;
  volunteers_per_session: number;
  monthly_limit: number | null;
  resident_note: string | null;
  companion_note: string | null;
  created_at: string;
}

export interface ServiceSessionsTable {
  id: Generated<number>;
  service_id: number;
  date: string;
  period: string;
  starts_at: string;
  ends_at: string;
  capacity: number;
  booked: Generated<number>;
  queue_seq: Generated<number>;
  booking_opens_at: string;
  scope: 'community' | 'county';
  status: Generated<'open' | 'cancelled'>;
  cancel_reason: string | null;
  /** 场次完成: when staff marked it done (the rota's volunteers earn their shift points then) */
  completed_at: string | null;
  completed_by: number | null;
}

export interface BookingsTable {
  id: Generated<number>;
  session_id: number;
  service_id: number;
  resident_id: number;
  queue_number: number;
  /** One state: in the day's queue (waiting → called → served / no_show; away and back), or cancelled. */
  state: Generated<BookingState>;
  returned_at: string | null;
  walk_in: Generated<number>;
  booked_by: number | null;
  fee_paid_fen: number | null;
  called_at: string | null;
  served_at: string | null;
  created_at: string;
  updated_at: string;
}

/** How much of a service's monthly limit a resident has used (one row per resident, service and month). */
export interface ServiceLimitUsageTable {
  resident_id: number;
  service_id: number;
  month: string;
  count: number;
}

export interface ServiceVolunteersTable {
  service_id: number;
  user_id: number;
  created_at: string;
}

export interface VolunteerUnavailabilityTable {
  session_id: number;
  user_id: number;
}

export interface RotaAssignmentsTable {
  id: Generated<number>;
  session_id: number;
  user_id: number;
  created_at: string;
}

export interface RotaChangesTable {
  id: Generated<number>;
  assignment_id: number | null;
  session_id: number;
  kind: 'swap' | 'drop';
  from_user_id: number;
  to_user_id: number | null;
  reason: string | null;
  status: 'pending' | 'accepted' | 'declined' | 'approved' | 'rejected';
  decided_by: number | null;
  created_at: string;
  decided_at: string | null;
}

/** Uploaded files by key (`photos/<random>.jpg`), behind `platform/blobs.ts`. */
export interface BlobsTable {
  key: string;
  content_type: string;
  bytes: Buffer;
  created_at: string;
}

/** 待电话通知: made with a cancelled or changed activity or session, in the same transaction. */
export interface CallListsTable {
  id: Generated<number>;
  /** the community of the activity or the service */
  community_id: number;
  kind: 'activity.cancelled' | 'activity.changed' | 'session.cancelled';
  subject_type: 'activity' | 'service_session';
  subject_id: number;
  title: string;
  /** what to say on the phone, from the data */
  message: string;
  created_by: number | null;
  created_at: string;
}

export interface CallListEntriesTable {
  id: Generated<number>;
  list_id: number;
  resident_id: number;
  role: 'registered' | 'waitlisted' | 'booked';
  outcome: 'told' | 'unreachable' | null;
  outcome_note: string | null;
  outcome_by: number | null;
  outcome_at: string | null;
}

/** A correction of one volunteer-hours entry (append-only; the highest version is the entry's value). */
export interface VolunteerHourCorrectionsTable {
  id: Generated<number>;
  source: 'activity' | 'shift';
  source_id: number;
  /** null: the entry of a volunteer login without a resident record */
  resident_id: number | null;
  version: number;
  minutes_before: number;
  minutes: number;
  reason: string;
  corrected_by: number;
  corrected_at: string;
}

/** A frozen monthly or weekly report: the figures of a closed period, for a community or the county (null). */
export interface ReportSnapshotsTable {
  id: Generated<number>;
  kind: 'month' | 'week';
  /** the period's first county day: the 1st of the month, or the week's Monday */
  period_start: string;
  community_id: number | null;
  /** the period's figures (ZPeriodFigures) as JSON */
  figures: string;
  generated_at: string;
  generated_by: number | null;
}

/** One residents import (导入): who ran it and what it wrote; its rows name the residents (打印会员卡). */
export interface ResidentImportsTable {
  id: Generated<number>;
  created_by: number;
  created_at: string;
  created_count: number;
  updated_count: number;
}

export interface ResidentImportRowsTable {
  import_id: number;
  resident_id: number;
  row_number: number;
  outcome: 'created' | 'updated';
}

/** Opening balances (期初积分) waiting as one batch for a second staff member's approval. */
export interface OpeningBatchesTable {
  id: Generated<number>;
  status: Generated<'pending' | 'approved' | 'rejected'>;
  row_count: number;
  total_points: number;
  created_by: number;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
  reject_reason: string | null;
}

export interface OpeningBatchRowsTable {
  batch_id: number;
  resident_id: number;
  community_id: number;
  row_number: number;
  points: number;
  note: string | null;
}

/** Rows an account had checked against the residents on one county day (the imports' quota). */
export interface ImportCheckUsageTable {
  user_id: number;
  /** county date, YYYY-MM-DD */
  day: string;
  rows: number;
}

/** A counter per table (or table and community/session) bumped by triggers in the writing transaction (public cache). */
export interface DataVersionsTable {
  scope: string;
  version: number;
}

/** One run of the ledger integrity check, passed or failed (the dashboard's 上次核查). */
export interface PointsVerificationsTable {
  id: Generated<number>;
  mode: 'full' | 'incremental';
  /** 0/1 */
  ok: number;
  started_at: string;
  finished_at: string;
  entries_checked: number;
  chains_checked: number;
  mismatches: number;
  root_hash: string;
}

/** Written only after a verification passed: the root over every chain head it vouches for. */
export interface PointsCheckpointsTable {
  id: Generated<number>;
  /** the checkpoint the run started from, 0 before the first (unique: one successor per checkpoint) */
  base_checkpoint_id: number;
  verification_id: number;
  created_at: string;
  chains: number;
  /** entries under the checkpoint (the sum of the heads' seq) */
  entries: number;
  /** the highest ledger id when the run began */
  max_entry_id: number;
  root_hash: string;
}

/** Per chain, its latest verified head: where the next incremental check starts. */
export interface PointsCheckpointHeadsTable {
  resident_id: number;
  checkpoint_id: number;
  seq: number;
  hash: string;
  balance: number;
}
