import { existsSync } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from './clock.js';
import type { Db } from './deps.js';

export interface StoredBlob {
  contentType: string;
  bytes: Buffer;
}

/**
 * Where uploaded files live. This interface is the seam: the database implementation below is the
 * one in use (photos are small after re-encoding, every instance sees them, a database backup
 * holds them); an object store (S3, MinIO) would implement the same three verbs and be chosen in
 * `bootstrap.ts`.
 */
export interface BlobStore {
  /** Stores a blob under a new key; false (and nothing changed) when the key is already taken. */
  put(key: string, blob: StoredBlob): Promise<boolean>;
  get(key: string): Promise<StoredBlob | null>;
  delete(key: string): Promise<void>;
}

export function databaseBlobStore(db: Db, clock: Clock): BlobStore {
  return {
    async put(key, blob) {
      const inserted = await db
        .insertInto('blobs')
        .values({ key, content_type: blob.contentType, bytes: blob.bytes, created_at: clock.now().toISOString() })
        // Never overwrite: a stored photo is served with an immutable cache header.
        .onConflict((oc) => oc.column('key').doNothing())
        .returning('key')
        .executeTakeFirst();
      return inserted !== undefined;
    },
    async get(key) {
      const row = await db
        .selectFrom('blobs')
        .select(['content_type', 'bytes'])
        .where('key', '=', key)
        .executeTakeFirst();
      return row ? { contentType: row.content_type, bytes: row.bytes } : null;
    },
    async delete(key) {
      await db.deleteFrom('blobs').where('key', '=', key).execute();
    },
  };
}

const CONTENT_TYPES: Record<string, string> = { '.jpg': 'image/jpeg' };
/** Earlier versions kept uploads as files in `${DATA_DIR}/uploads/<folder>/<name>`; the key is `<folder>/<name>`. */
const UPLOAD_FOLDERS = ['photos'];
export const IMPORTED_SUFFIX = '.imported-into-database';

/**
 * Copies the files an earlier version kept in `uploadsDir` into the store, then renames each
 * folder so later starts do not read it again (it can be deleted once a backup holds the
 * database). Interrupted half-way, the next start copies the rest: keys already stored are skipped.
 */
export async function importUploadedFiles(store: BlobStore, uploadsDir: string): Promise<number> {
  let imported = 0;
  for (const folder of UPLOAD_FOLDERS) {
    const dir = path.join(uploadsDir, folder);
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    for (const name of names) {
      const contentType = CONTENT_TYPES[path.extname(name)];
      if (!contentType) continue;
      if (await store.put(`${folder}/${name}`, { contentType, bytes: await readFile(path.join(dir, name)) }))
        imported++;
    }
    // A folder set aside by an earlier start (files put back by hand) is kept: this one gets the time.
    const setAside = `${dir}${IMPORTED_SUFFIX}`;
    await rename(dir, existsSync(setAside) ? `${setAside}-${Date.now()}` : setAside);
  }
  return imported;
}
