import { randomBytes } from 'node:crypto';
import { AppError } from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';

/**
 * Activity photos. Whatever arrives is decoded and re-encoded, never stored as sent:
 * re-encoding drops EXIF (a phone photo's GPS position says where a resident lives), any
 * embedded payload, and sizes too big for a phone on a county network.
 */
export const MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
/** A 48-megapixel phone photo passes; a decompression bomb (a small file that decodes to gigapixels) does not. */
const MAX_INPUT_PIXELS = 50_000_000;
const FULL_SIZE = 1600;
const THUMB_SIZE = 400;

type ImageFormat = 'jpeg' | 'png' | 'webp';
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The format by the file's first bytes; the file name and the declared type are the client's word, not evidence. */
export function sniffImageFormat(bytes: Buffer): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 12 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP')
    return 'webp';
  return null;
}

export interface EncodedPhoto {
  full: Buffer;
  thumb: Buffer;
  width: number;
  height: number;
}

export async function reencodePhoto(input: Buffer): Promise<EncodedPhoto> {
  // loaded on the first photo, not at start: importing sharp costs about 0.5 s of CPU
  const { default: sharp } = await import('sharp');
  const format = sniffImageFormat(input);
  if (!format) throw new AppError('UNSUPPORTED_IMAGE');
  // The decoder must agree with the magic bytes (a JPEG header glued to something else does not pass).
  const metadata = await sharp(input, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!metadata || metadata.format !== format || !metadata.width || !metadata.height)
    throw new AppError('UNSUPPORTED_IMAGE');
  if (metadata.width * metadata.height > MAX_INPUT_PIXELS) {
    throw new AppError('PAYLOAD_TOO_LARGE', { message: '图片像素过大（不超过5000万像素），请缩小后再上传' });
  }
  try {
    const full = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' })
      .autoOrient()
      // JPEG has no transparency: a transparent PNG becomes white, not black.
      .flatten({ background: '#ffffff' })
      .resize({ width: FULL_SIZE, height: FULL_SIZE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 80, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    const thumb = await sharp(full.data)
      .resize({ width: THUMB_SIZE, height: THUMB_SIZE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 75, mozjpeg: true })
      .toBuffer();
    return { full: full.data, thumb, width: full.info.width, height: full.info.height };
  } catch {
    // A corrupt or truncated file that only looked like an image.
    throw new AppError('UNSUPPORTED_IMAGE');
  }
}

/** Random names only: nothing the client sent becomes part of a key. */
const PHOTO_FILE = /^[0-9a-f]{32}(?:\.thumb)?\.jpg$/;
const PHOTOS_FOLDER = 'photos';

export const isPhotoFileName = (name: string) => PHOTO_FILE.test(name);

const thumbKeyOf = (storedPath: string) => storedPath.replace(/\.jpg$/, '.thumb.jpg');

/**
 * Stores the photo and its thumbnail in the blob store (any instance serves them); returns the
 * stored path kept in `photos.path`, which is also the photo's key and, under `/uploads/`, its URL.
 */
export async function storePhotoBlobs(deps: Pick<AppDeps, 'blobs'>, photo: EncodedPhoto): Promise<string> {
  const storedPath = `${PHOTOS_FOLDER}/${randomBytes(16).toString('hex')}.jpg`;
  try {
    // A taken key (an astronomically unlikely repeat of a random name) is refused, never overwritten.
    const stored =
      (await deps.blobs.put(storedPath, { contentType: 'image/jpeg', bytes: photo.full })) &&
      (await deps.blobs.put(thumbKeyOf(storedPath), { contentType: 'image/jpeg', bytes: photo.thumb }));
    if (!stored) throw new Error(`photo key ${storedPath} already taken`);
  } catch (error) {
    await removePhotoBlobs(deps, storedPath);
    throw error;
  }
  return storedPath;
}

/** Undoes storePhotoBlobs when the database refused the row. */
export async function removePhotoBlobs(deps: Pick<AppDeps, 'blobs'>, storedPath: string): Promise<void> {
  await Promise.all([deps.blobs.delete(storedPath), deps.blobs.delete(thumbKeyOf(storedPath))]);
}

export function photoUrls(storedPath: string): { url: string; thumbUrl: string } {
  return { url: `/uploads/${storedPath}`, thumbUrl: `/uploads/${thumbKeyOf(storedPath)}` };
}

/** The bytes of a stored photo or thumbnail, or null when there is none by that name. */
export async function readPhotoBlob(deps: Pick<AppDeps, 'blobs'>, name: string): Promise<Buffer | null> {
  if (!isPhotoFileName(name)) return null;
  return (await deps.blobs.get(`${PHOTOS_FOLDER}/${name}`))?.bytes ?? null;
}
