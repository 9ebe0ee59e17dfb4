import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { DialectName } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { BlobStore } from './blobs.js';
import type { Clock } from './clock.js';

/** What every use case may need, passed explicitly: no module reaches for globals. */
export interface AppDeps {
  db: Kysely<Database>;
  dialect: DialectName;
  clock: Clock;
  config: Pick<Config, 'sessionSecret' | 'cookieSecure' | 'centerName' | 'publicUrl' | 'demoPublicUrl'>;
  /** Key for the HMAC that recognises an ID number seen before without storing it (kept in app_settings). */
  idDigestKey: string;
  /** Where uploaded files (activity photos) are kept: the database's `blobs` table. */
  blobs: BlobStore;
}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
