import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, errorFields, signIn, type TestApp } from './support/app.js';
import {
  buildActivity,
  buildCheckin,
  buildCommunity,
  buildPartner,
  buildRegistration,
  buildResident,
  buildStaff,
} from './support/factories.js';

let t: TestApp;
let community: { id: number; name: string };
let otherCommunity: { id: number; name: string };
let staffCookie: string;
let otherStaffCookie: string;

beforeAll(async () => {
  t = await createTestApp();
  community = await buildCommunity(t.deps, '太风东街社区');
  otherCommunity = await buildCommunity(t.deps, '东城社区');
  staffCookie = await signIn(t.app, (await buildStaff(t.deps, community.id)).phone);
  otherStaffCookie = await signIn(t.app, (await buildStaff(t.deps, otherCommunity.id)).phone);
});
afterAll(() => t.close());

type Table =
  | 'photos'
  | 'activity_results'
  | 'activity_result_photos'
  | 'activity_result_partners'
  | 'activity_feedback'
  | 'audit_log'
  | 'blobs';
const count = async (table: Table) =>
  Number(
    (
      await t.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** The stored bytes behind a photo URL, read from the blob store, not through the route. */
const storedBytes = async (url: string) => (await t.deps.blobs.get(url.replace('/uploads/', '')))!.bytes;
const post = (url: string, cookie: string | undefined, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: cookie ? { cookie } : {}, payload });
const get = (url: string) => t.app.inject({ method: 'GET', url });

/* ---------- uploads ---------- */

interface Part {
  name: string;
  data: Buffer | string;
  filename?: string;
  contentType?: string;
}

function multipart(parts: Part[]) {
  const boundary = `----zhongli${randomBytes(8).toString('hex')}`;
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n` +
        (p.contentType ? `Content-Type: ${p.contentType}\r\n` : '') +
        '\r\n',
    ),
    Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data),
    Buffer.from('\r\n'),
  ]);
  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

function upload(
  cookie: string | undefined,
  file: Buffer | string,
  o: { communityId?: number | string; filename?: string; contentType?: string; fieldsFirst?: boolean } = {},
) {
  const fields: Part[] = o.communityId === undefined ? [] : [{ name: 'communityId', data: String(o.communityId) }];
  const filePart: Part = {
    name: 'file',
    data: file,
    filename: o.filename ?? 'photo.jpg',
    contentType: o.contentType ?? 'image/jpeg',
  };
  const body = multipart(o.fieldsFirst === false ? [filePart, ...fields] : [...fields, filePart]);
  return t.app.inject({
    method: 'POST',
    url: '/api/photos',
    payload: body.payload,
    headers: { ...body.headers, ...(cookie ? { cookie } : {}) },
  });
}

/** A phone-like photo: 3000×2000 pixels, EXIF says "rotate 90°" and carries a GPS position. */
const phonePhoto = () =>
  sharp({ create: { width: 3000, height: 2000, channels: 3, background: { r: 200, g: 40, b: 40 } } })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'TestPhone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '35/1 21/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '111/1 13/1 0/1' },
    })
    .jpeg({ quality: 90 })
    .toBuffer();
const smallPng = () =>
  sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
    .png()
    .toBuffer();
/** The GPS IFD pointer (tag 0x8825), as a little-endian TIFF header stores it. */
const hasGpsTag = (exif: Buffer | undefined) => Boolean(exif && exif.indexOf(Buffer.from([0x25, 0x88])) >= 0);

async function uploadedPhoto(
  communityId = community.id,
  cookie = staffCookie,
): Promise<{ id: number; url: string; thumbUrl: string }> {
  const response = await upload(cookie, await smallPng(), { communityId, filename: 'p.png', contentType: 'image/png' });
  expect(response.statusCode).toBe(201);
  return response.json();
}

describe('photo upload', () => {
  it('re-encodes a phone photo: upright, fit into 1600×1600, JPEG, no EXIF (no GPS), with a 400 px thumbnail served with a long cache', async () => {
    const original = await phonePhoto();
    const input = await sharp(original).metadata();
    expect([input.width, input.height, input.orientation, hasGpsTag(input.exif)]).toEqual([3000, 2000, 6, true]);
    const before = await count('audit_log');

    const response = await upload(staffCookie, original, { communityId: community.id, filename: 'IMG_0001.JPG' });
    expect(response.statusCode).toBe(201);
    const photo = response.json();
    // Rotated by its EXIF orientation first, then fit inside 1600×1600.
    expect(photo).toEqual({
      id: expect.any(Number),
      url: expect.stringMatching(/^\/uploads\/photos\/[0-9a-f]{32}\.jpg$/),
      thumbUrl: expect.stringMatching(/^\/uploads\/photos\/[0-9a-f]{32}\.thumb\.jpg$/),
      width: 1067,
      height: 1600,
    });

    const stored = await storedBytes(photo.url);
    const meta = await sharp(stored).metadata();
    expect({
      format: meta.format,
      width: meta.width,
      height: meta.height,
      exif: meta.exif,
      orientation: meta.orientation,
    }).toEqual({ format: 'jpeg', width: 1067, height: 1600, exif: undefined, orientation: undefined });
    expect(stored.includes(Buffer.from('TestPhone'))).toBe(false);
    const row = await t.db.selectFrom('photos').selectAll().where('id', '=', photo.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ community_id: community.id, width: 1067, height: 1600, bytes: stored.length });
    expect(await count('audit_log')).toBe(before + 1);

    const served = await get(photo.url);
    expect(served.statusCode).toBe(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(served.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(served.rawPayload.equals(stored)).toBe(true);
    const thumb = await get(photo.thumbUrl);
    expect(thumb.statusCode).toBe(200);
    const thumbMeta = await sharp(thumb.rawPayload).metadata();
    expect([thumbMeta.format, thumbMeta.width, thumbMeta.height, thumbMeta.exif]).toEqual([
      'jpeg',
      267,
      400,
      undefined,
    ]);
  });

  it('accepts a PNG (transparency becomes white) and a WebP, never enlarging them, with the field after the file', async () => {
    const png = await upload(staffCookie, await smallPng(), {
      communityId: community.id,
      filename: 'x.png',
      contentType: 'image/png',
      fieldsFirst: false,
    });
    expect(png.statusCode).toBe(201);
    expect(png.json()).toMatchObject({ width: 300, height: 200 });
    const stored = await sharp(await storedBytes(png.json().url))
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(stored.info.channels).toBe(3);
    expect([...stored.data.subarray(0, 3)].every((v) => v > 250)).toBe(true);

    const webp = await sharp({ create: { width: 1800, height: 900, channels: 3, background: '#3366cc' } })
      .webp()
      .toBuffer();
    // The declared type and name are wrong on purpose: the content decides.
    const response = await upload(staffCookie, webp, {
      communityId: community.id,
      filename: 'x.gif',
      contentType: 'image/gif',
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ width: 1600, height: 800 });
  });

  async function refusedUpload(
    send: () => Promise<Awaited<ReturnType<typeof upload>>>,
    expected: { status: number; code: string; field?: string },
  ) {
    const before = [await count('photos'), await count('audit_log'), await count('blobs')];
    const response = await send();
    expect([response.statusCode, errorCode(response)]).toEqual([expected.status, expected.code]);
    if (expected.field) expect(errorFields(response)).toContain(expected.field);
    expect([await count('photos'), await count('audit_log'), await count('blobs')]).toEqual(before);
  }

  it('refuses what is not a JPEG, PNG or WebP by content, whatever its name says (400 UNSUPPORTED_IMAGE)', async () => {
    await refusedUpload(
      () =>
        upload(staffCookie, '这不是图片，只是改了扩展名的文本文件\n'.repeat(20), {
          communityId: community.id,
          filename: 'notes.jpg',
        }),
      { status: 400, code: 'UNSUPPORTED_IMAGE' },
    );
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } })
      .gif()
      .toBuffer();
    await refusedUpload(() => upload(staffCookie, gif, { communityId: community.id, filename: 'a.jpg' }), {
      status: 400,
      code: 'UNSUPPORTED_IMAGE',
    });
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>';
    await refusedUpload(
      () => upload(staffCookie, svg, { communityId: community.id, filename: 'a.png', contentType: 'image/png' }),
      { status: 400, code: 'UNSUPPORTED_IMAGE' },
    );
    // JPEG magic bytes glued onto garbage: the decoder has the last word.
    const fake = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2000)]);
    await refusedUpload(() => upload(staffCookie, fake, { communityId: community.id }), {
      status: 400,
      code: 'UNSUPPORTED_IMAGE',
    });
    // A real JPEG cut short in transit.
    const truncated = (await phonePhoto()).subarray(0, 5000);
    await refusedUpload(() => upload(staffCookie, truncated, { communityId: community.id }), {
      status: 400,
      code: 'UNSUPPORTED_IMAGE',
    });
  });

  it('refuses a file over 8 MB with 413 PAYLOAD_TOO_LARGE', async () => {
    const huge = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(9 * 1024 * 1024)]);
    await refusedUpload(() => upload(staffCookie, huge, { communityId: community.id }), {
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
  });

  it('refuses a decompression bomb (a small file of too many pixels) with 413', async () => {
    const bomb = await sharp({ create: { width: 10_000, height: 6_000, channels: 3, background: '#fff' } })
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(bomb.length).toBeLessThan(1024 * 1024);
    await refusedUpload(
      () => upload(staffCookie, bomb, { communityId: community.id, filename: 'b.png', contentType: 'image/png' }),
      { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    );
  });

  it('refuses a missing or unknown community and a missing file (400 naming the field)', async () => {
    const png = await smallPng();
    await refusedUpload(() => upload(staffCookie, png), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'communityId',
    });
    await refusedUpload(() => upload(staffCookie, png, { communityId: 'abc' }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'communityId',
    });
    await refusedUpload(() => upload(staffCookie, png, { communityId: 999_999 }), {
      status: 400,
      code: 'VALIDATION_FAILED',
      field: 'communityId',
    });
    const noFile = multipart([{ name: 'communityId', data: String(community.id) }]);
    await refusedUpload(
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/photos',
          payload: noFile.payload,
          headers: { ...noFile.headers, cookie: staffCookie },
        }),
      { status: 400, code: 'VALIDATION_FAILED', field: 'file' },
    );
    const twoFiles = multipart([
      { name: 'communityId', data: String(community.id) },
      { name: 'file', data: png, filename: 'a.png' },
      { name: 'file', data: png, filename: 'b.png' },
    ]);
    await refusedUpload(
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/photos',
          payload: twoFiles.payload,
          headers: { ...twoFiles.headers, cookie: staffCookie },
        }),
      { status: 413, code: 'PAYLOAD_TOO_LARGE' },
    );
    await refusedUpload(
      () =>
        t.app.inject({
          method: 'POST',
          url: '/api/photos',
          payload: { communityId: community.id },
          headers: { cookie: staffCookie },
        }),
      { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
    );
  });

  it('lets only staff of that community upload: 401 signed out, 403 another community, 403 a resident', async () => {
    const png = await smallPng();
    const resident = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    await refusedUpload(() => upload(undefined, png, { communityId: community.id }), {
      status: 401,
      code: 'UNAUTHENTICATED',
    });
    await refusedUpload(() => upload(otherStaffCookie, png, { communityId: community.id }), {
      status: 403,
      code: 'FORBIDDEN',
    });
    await refusedUpload(async () => upload(await signIn(t.app, resident.phone!), png, { communityId: community.id }), {
      status: 403,
      code: 'FORBIDDEN',
    });
  });

  it('serves only stored photo names: traversal, other names and unknown files are 404', async () => {
    // A stored blob outside the photos: a traversal that reached the key would serve it.
    await t.deps.blobs.put('secret.jpg', { contentType: 'image/jpeg', bytes: Buffer.from('not for the public') });
    const toRoot = '..%2F'.repeat(20);
    for (const url of [
      '/uploads/photos/..%2Fsecret.jpg',
      '/uploads/photos/..%252Fsecret.jpg',
      `/uploads/photos/${toRoot}etc%2Fpasswd`,
      `/uploads/photos/${toRoot}etc%2Fhostname`,
      '/uploads/photos/..%2F..%2F..%2Fetc%2Fpasswd',
      '/uploads/photos/..%2fpackage.json',
      '/uploads/photos/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/uploads/photos/../../../etc/passwd',
      '/uploads/photos/..\\..\\etc\\passwd',
      '/uploads/photos/%00.jpg',
      `/uploads/photos/${'a'.repeat(32)}.jpg`,
      `/uploads/photos/${'A'.repeat(32)}.jpg`,
      `/uploads/photos/${'a'.repeat(32)}.png`,
      '/uploads/photos/',
    ]) {
      const response = await get(url);
      expect([url, response.statusCode]).toEqual([url, 404]);
    }
  });
});

/* ---------- results ---------- */

/** A published activity of the community that took place yesterday morning, with registrations and check-ins. */
async function pastActivity(
  communityId = community.id,
  o: { registered?: number; checkedIn?: number; title?: string; startsAt?: string } = {},
) {
  const startsAt = o.startsAt ?? new Date(t.clock.now().getTime() - 25 * 60 * 60 * 1000).toISOString();
  const activity = await buildActivity(t.deps, {
    communityId,
    title: o.title ?? '爱心义诊',
    category: '爱心义诊',
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + 2 * 60 * 60 * 1000).toISOString(),
  });
  const people = [];
  for (let i = 0; i < (o.registered ?? 0); i++) {
    const person = await buildResident(t.deps, { communityId, withLogin: true });
    await buildRegistration(t.deps, { activityId: activity.id, residentId: person.id });
    if (i < (o.checkedIn ?? 0)) await buildCheckin(t.deps, { activityId: activity.id, residentId: person.id });
    people.push(person);
  }
  return { ...activity, people };
}

const resultCounts = async () => [
  await count('activity_results'),
  await count('activity_result_photos'),
  await count('activity_result_partners'),
  await count('audit_log'),
];

describe('publishing a result', () => {
  it('publishes the figures counted from registrations and check-ins, with photos in order and thanked partners; republishing replaces it', async () => {
    const activity = await pastActivity(community.id, { registered: 4, checkedIn: 3 });
    // Residents of the activity's community (the factories make them).
    await buildRegistration(t.deps, { activityId: activity.id, status: 'waitlisted' });
    await buildRegistration(t.deps, { activityId: activity.id, status: 'cancelled' });
    // Someone who came without registering.
    await buildCheckin(t.deps, { activityId: activity.id });
    const [first, second] = [await uploadedPhoto(), await uploadedPhoto()];
    const hospital = await buildPartner(t.deps, {
      communityId: community.id,
      kind: 'institution',
      name: '闻喜县人民医院',
    });
    const countyUnit = await buildPartner(t.deps, { communityId: null, kind: 'unit', name: '县妇联' });
    const auditBefore = await count('audit_log');

    const response = await post(`/api/activities/${activity.id}/result`, staffCookie, {
      summary: '  为62位老人测量血压  ',
      photoIds: [second.id, first.id],
      thankedPartnerIds: [hospital.id, countyUnit.id],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      activityId: activity.id,
      title: '爱心义诊',
      communityId: community.id,
      communityName: '太风东街社区',
      category: '爱心义诊',
      startsAt: activity.startsAt,
      publishedAt: t.clock.now().toISOString(),
      summary: '为62位老人测量血压',
      attendance: 4,
      registered: 4,
      photos: [
        { url: second.url, thumbUrl: second.thumbUrl },
        { url: first.url, thumbUrl: first.thumbUrl },
      ],
      thankedPartners: [
        { id: hospital.id, name: '闻喜县人民医院', kind: 'institution' },
        { id: countyUnit.id, name: '县妇联', kind: 'unit' },
      ],
      rating: null,
      feedback: [],
    });
    const audit = await t.db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', 0)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(await count('audit_log')).toBe(auditBefore + 1);
    expect(audit).toMatchObject({
      action: 'activity.result.publish',
      target_type: 'activity',
      target_id: String(activity.id),
      community_id: community.id,
    });
    expect((await get(`/api/public/activities/${activity.id}/result`)).json()).toEqual(response.json());

    // One more check-in arrives late; the corrected result recounts and replaces photos and partners.
    await buildCheckin(t.deps, { activityId: activity.id, residentId: activity.people[3]!.id });
    t.clock.advance(60_000);
    const again = await post(`/api/activities/${activity.id}/result`, staffCookie, {
      summary: '更正：为65位老人测量血压',
      photoIds: [first.id],
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({
      summary: '更正：为65位老人测量血压',
      attendance: 5,
      registered: 4,
      photos: [{ url: first.url }],
      thankedPartners: [],
    });
    const photoRows = await t.db
      .selectFrom('activity_result_photos')
      .selectAll()
      .where('activity_id', '=', activity.id)
      .execute();
    expect(photoRows).toEqual([{ activity_id: activity.id, photo_id: first.id, position: 0 }]);
    expect(
      await t.db.selectFrom('activity_result_partners').selectAll().where('activity_id', '=', activity.id).execute(),
    ).toEqual([]);
    expect(
      await t.db.selectFrom('activity_results').select('activity_id').where('activity_id', '=', activity.id).execute(),
    ).toHaveLength(1);
    expect(
      (await t.db.selectFrom('audit_log').select('action').orderBy('id', 'desc').executeTakeFirstOrThrow()).action,
    ).toBe('activity.result.update');
  });

  async function refusedResult(
    activityId: number,
    cookie: string | undefined,
    body: object,
    expected: { status: number; code: string; field?: string },
  ) {
    const before = await resultCounts();
    const response = await post(`/api/activities/${activityId}/result`, cookie, body);
    expect([response.statusCode, errorCode(response)]).toEqual([expected.status, expected.code]);
    if (expected.field) expect(errorFields(response)).toContain(expected.field);
    expect(await resultCounts()).toEqual(before);
  }

  it('refuses bad input with a 400 naming the field, writing nothing', async () => {
    const activity = await pastActivity();
    const mine = await uploadedPhoto();
    const theirs = await uploadedPhoto(otherCommunity.id, otherStaffCookie);
    const theirPartner = await buildPartner(t.deps, { communityId: otherCommunity.id });
    const ok = { summary: '活动顺利举办' };
    await refusedResult(
      activity.id,
      staffCookie,
      { summary: '' },
      { status: 400, code: 'VALIDATION_FAILED', field: 'summary' },
    );
    await refusedResult(
      activity.id,
      staffCookie,
      { summary: '   ' },
      { status: 400, code: 'VALIDATION_FAILED', field: 'summary' },
    );
    await refusedResult(
      activity.id,
      staffCookie,
      { summary: '字'.repeat(2001) },
      { status: 400, code: 'VALIDATION_FAILED', field: 'summary' },
    );
    await refusedResult(
      activity.id,
      staffCookie,
      { ...ok, photoIds: Array(10).fill(mine.id) },
      { status: 400, code: 'VALIDATION_FAILED', field: 'photoIds' },
    );
    await refusedResult(
      activity.id,
      staffCookie,
      { ...ok, photoIds: [mine.id, theirs.id] },
      { status: 400, code: 'VALIDATION_FAILED', field: 'photoIds.1' },
    );
    await refusedResult(
      activity.id,
      staffCookie,
      { ...ok, photoIds: [999_999] },
      { status: 400, code: 'VALIDATION_FAILED', field: 'photoIds.0' },
    );
    await refusedResult(
      activity.id,
      staffCookie,
      { ...ok, photoIds: [mine.id, mine.id] },
      { status: 400, code: 'VALIDATION_FAILED', field: 'photoIds.1' },
    );
    await refusedResult(
      activity.id,
      staffCookie,
      { ...ok, thankedPartnerIds: [theirPartner.id] },
      { status: 400, code: 'VALIDATION_FAILED', field: 'thankedPartnerIds.0' },
    );
    await refusedResult(
      activity.id,
      staffCookie,
      { ...ok, thankedPartnerIds: [999_999] },
      { status: 400, code: 'VALIDATION_FAILED', field: 'thankedPartnerIds.0' },
    );
    // The figures are counted, never taken from the form.
    await refusedResult(
      activity.id,
      staffCookie,
      { ...ok, attendance: 500 },
      { status: 400, code: 'VALIDATION_FAILED', field: 'attendance' },
    );
  });

  it('refuses an activity that is not published (409), has not started (409) or does not exist (404)', async () => {
    const draft = await buildActivity(t.deps, {
      communityId: community.id,
      status: 'draft',
      startsAt: '2026-11-27T01:00:00.000Z',
    });
    await refusedResult(draft.id, staffCookie, { summary: '草稿' }, { status: 409, code: 'INVALID_STATE' });
    const cancelled = await buildActivity(t.deps, {
      communityId: community.id,
      status: 'cancelled',
      startsAt: '2026-11-27T01:00:00.000Z',
    });
    await refusedResult(cancelled.id, staffCookie, { summary: '已取消' }, { status: 409, code: 'INVALID_STATE' });
    const upcoming = await buildActivity(t.deps, {
      communityId: community.id,
      startsAt: new Date(t.clock.now().getTime() + 60_000).toISOString(),
    });
    await refusedResult(upcoming.id, staffCookie, { summary: '还没开始' }, { status: 409, code: 'INVALID_STATE' });
    await refusedResult(999_999, staffCookie, { summary: '不存在' }, { status: 404, code: 'NOT_FOUND' });
    // Exactly at the start it may be published (a result written on the spot).
    const startingNow = await buildActivity(t.deps, {
      communityId: community.id,
      startsAt: t.clock.now().toISOString(),
    });
    expect(
      (await post(`/api/activities/${startingNow.id}/result`, staffCookie, { summary: '开始了' })).statusCode,
    ).toBe(200);
  });

  it("lets only staff of the activity's community publish: 401 signed out, 403 another community, 403 a resident", async () => {
    const activity = await pastActivity(community.id, { registered: 1, checkedIn: 1 });
    await refusedResult(activity.id, undefined, { summary: '匿名' }, { status: 401, code: 'UNAUTHENTICATED' });
    await refusedResult(activity.id, otherStaffCookie, { summary: '别的社区' }, { status: 403, code: 'FORBIDDEN' });
    await refusedResult(
      activity.id,
      await signIn(t.app, activity.people[0]!.phone!),
      { summary: '居民' },
      { status: 403, code: 'FORBIDDEN' },
    );
  });

  it('keeps one result when two staff publish at once', async () => {
    const activity = await pastActivity(community.id, { registered: 2, checkedIn: 2 });
    const photos = [await uploadedPhoto(), await uploadedPhoto()];
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        post(`/api/activities/${activity.id}/result`, staffCookie, {
          summary: `版本${i}`,
          photoIds: i % 2 ? [photos[0]!.id, photos[1]!.id] : [photos[1]!.id],
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual(Array(8).fill(200));
    const result = await t.db
      .selectFrom('activity_results')
      .select('summary')
      .where('activity_id', '=', activity.id)
      .execute();
    expect(result).toHaveLength(1);
    const winner = Number(result[0]!.summary.replace('版本', ''));
    const photoRows = await t.db
      .selectFrom('activity_result_photos')
      .select('photo_id')
      .where('activity_id', '=', activity.id)
      .orderBy('position')
      .execute();
    // The photos are the last writer's, not a mixture.
    expect(photoRows.map((r) => r.photo_id)).toEqual(winner % 2 ? [photos[0]!.id, photos[1]!.id] : [photos[1]!.id]);
  });
});

/* ---------- feedback ---------- */

describe('feedback', () => {
  let activity: Awaited<ReturnType<typeof pastActivity>>;
  let attendeeCookie: string;

  beforeAll(async () => {
    activity = await pastActivity(community.id, { registered: 2, checkedIn: 1 });
    attendeeCookie = await signIn(t.app, activity.people[0]!.phone!);
  });

  const feedbackRows = () =>
    t.db
      .selectFrom('activity_feedback')
      .select(['resident_id', 'stars', 'comment'])
      .where('activity_id', '=', activity.id)
      .execute();

  it('lets an attendee rate once: 201, then a second submission corrects theirs (200), still one row', async () => {
    const first = await post(`/api/activities/${activity.id}/feedback`, attendeeCookie, {
      stars: 5,
      comment: ' 医生很耐心 ',
    });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ activityId: activity.id, stars: 5, comment: '医生很耐心' });
    const second = await post(`/api/activities/${activity.id}/feedback`, attendeeCookie, { stars: 4 });
    expect(second.statusCode).toBe(200);
    expect(await feedbackRows()).toEqual([{ resident_id: activity.people[0]!.id, stars: 4, comment: null }]);
  });

  it('stays one row per person when the same resident submits many times at once', async () => {
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(`/api/activities/${activity.id}/feedback`, attendeeCookie, { stars: (i % 5) + 1 }),
      ),
    );
    expect(responses.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    expect(await feedbackRows()).toHaveLength(1);
  });

  async function refusedFeedback(
    cookie: string | undefined,
    body: object,
    expected: { status: number; code: string; field?: string },
    activityId = activity.id,
  ) {
    const before = JSON.stringify(
      await t.db.selectFrom('activity_feedback').selectAll().orderBy('activity_id').orderBy('resident_id').execute(),
    );
    const response = await post(`/api/activities/${activityId}/feedback`, cookie, body);
    expect([response.statusCode, errorCode(response)]).toEqual([expected.status, expected.code]);
    if (expected.field) expect(errorFields(response)).toContain(expected.field);
    expect(
      JSON.stringify(
        await t.db.selectFrom('activity_feedback').selectAll().orderBy('activity_id').orderBy('resident_id').execute(),
      ),
    ).toBe(before);
  }

  it.each([
    ['0 stars', { stars: 0 }],
    ['6 stars', { stars: 6 }],
    ['2.5 stars', { stars: 2.5 }],
    ['stars as text', { stars: '5' }],
    ['no stars', { comment: '好' }],
  ])('refuses %s with a 400 naming stars, writing nothing', async (_label, body) => {
    await refusedFeedback(attendeeCookie, body, { status: 400, code: 'VALIDATION_FAILED', field: 'stars' });
  });

  it('refuses a comment over 300 characters', async () => {
    await refusedFeedback(
      attendeeCookie,
      { stars: 3, comment: '长'.repeat(301) },
      { status: 400, code: 'VALIDATION_FAILED', field: 'comment' },
    );
  });

  it('refuses someone who registered but did not check in (403 NOT_ATTENDED), staff (403), signed out (401), an unknown activity (404)', async () => {
    await refusedFeedback(
      await signIn(t.app, activity.people[1]!.phone!),
      { stars: 1 },
      { status: 403, code: 'NOT_ATTENDED' },
    );
    await refusedFeedback(staffCookie, { stars: 5 }, { status: 403, code: 'FORBIDDEN' });
    await refusedFeedback(undefined, { stars: 5 }, { status: 401, code: 'UNAUTHENTICATED' });
    await refusedFeedback(attendeeCookie, { stars: 5 }, { status: 404, code: 'NOT_FOUND' }, 999_999);
  });

  it('is open until exactly 7 days after the end, then 409 FEEDBACK_CLOSED', async () => {
    const saved = t.clock.now();
    try {
      t.clock.set(new Date(Date.parse(activity.endsAt) + 7 * 24 * 60 * 60 * 1000));
      expect(
        (await post(`/api/activities/${activity.id}/feedback`, attendeeCookie, { stars: 5, comment: '最后一天' }))
          .statusCode,
      ).toBe(200);
      t.clock.advance(1000);
      await refusedFeedback(attendeeCookie, { stars: 1, comment: '太晚了' }, { status: 409, code: 'FEEDBACK_CLOSED' });
    } finally {
      t.clock.set(saved);
    }
  });

  it('is open from the check-in on, before the activity ends', async () => {
    const now = t.clock.now().getTime();
    const ongoing = await buildActivity(t.deps, {
      communityId: community.id,
      startsAt: new Date(now - 30 * 60_000).toISOString(),
      endsAt: new Date(now + 60 * 60_000).toISOString(),
    });
    const person = await buildResident(t.deps, { communityId: community.id, withLogin: true });
    await buildCheckin(t.deps, { activityId: ongoing.id, residentId: person.id });
    expect(
      (await post(`/api/activities/${ongoing.id}/feedback`, await signIn(t.app, person.phone!), { stars: 4 }))
        .statusCode,
    ).toBe(201);
  });
});

/* ---------- the wall ---------- */

describe('the results wall', () => {
  let wallCommunity: { id: number; name: string };
  const activities: Awaited<ReturnType<typeof pastActivity>>[] = [];

  beforeAll(async () => {
    wallCommunity = await buildCommunity(t.deps, '成果展社区');
    const wallStaff = await signIn(t.app, (await buildStaff(t.deps, wallCommunity.id)).phone);
    for (let i = 0; i < 12; i++) {
      const startsAt = new Date(Date.parse('2026-11-20T01:00:00.000Z') + i * 12 * 60 * 60 * 1000).toISOString();
      const activity = await pastActivity(wallCommunity.id, {
        title: `活动${i}`,
        startsAt,
        registered: i === 11 ? 7 : 0,
        checkedIn: i === 11 ? 7 : 0,
      });
      activities.push(activity);
      expect((await post(`/api/activities/${activity.id}/result`, wallStaff, { summary: `成果${i}` })).statusCode).toBe(
        200,
      );
    }
    // Feedback on the newest activity, with names that must not appear in full.
    const newest = activities[11]!;
    const names = ['张秀兰', '李明', '王建国', '赵丽', '孙卫东', '周芳芳芳'];
    for (let i = 0; i < 6; i++) {
      await t.db.updateTable('residents').set({ name: names[i]! }).where('id', '=', newest.people[i]!.id).execute();
      const rated = await post(`/api/activities/${newest.id}/feedback`, await signIn(t.app, newest.people[i]!.phone!), {
        stars: i < 3 ? 5 : 4,
        ...(i === 5 ? {} : { comment: `评价${i}` }),
      });
      expect(rated.statusCode).toBe(201);
      t.clock.advance(1000);
    }
  });

  it('pages ten results at a time, the most recent activity first, filtered by community', async () => {
    const first = (await get(`/api/public/results?communityId=${wallCommunity.id}`)).json();
    expect(first.page).toBe(1);
    expect(first.hasMore).toBe(true);
    expect(first.results.map((r: { title: string }) => r.title)).toEqual(
      Array.from({ length: 10 }, (_, i) => `活动${11 - i}`),
    );
    const second = (await get(`/api/public/results?communityId=${wallCommunity.id}&page=2`)).json();
    expect([second.page, second.hasMore, second.results.map((r: { title: string }) => r.title)]).toEqual([
      2,
      false,
      ['活动1', '活动0'],
    ]);
    const beyond = (await get(`/api/public/results?communityId=${wallCommunity.id}&page=3`)).json();
    expect(beyond).toEqual({ results: [], page: 3, hasMore: false });
    const everywhere = (await get('/api/public/results')).json();
    expect(everywhere.results.some((r: { communityId: number }) => r.communityId !== wallCommunity.id)).toBe(true);
    expect((await get('/api/public/results?page=0')).statusCode).toBe(400);
  });

  it('shows the rating and the latest five comments with masked names only', async () => {
    const newest = (await get(`/api/public/activities/${activities[11]!.id}/result`)).json();
    expect(newest.rating).toEqual({ average: 4.5, count: 6 });
    expect(newest.attendance).toBe(7);
    expect(newest.feedback).toEqual([
      { stars: 4, comment: null, nameMasked: '周**芳' },
      { stars: 4, comment: '评价4', nameMasked: '孙*东' },
      { stars: 4, comment: '评价3', nameMasked: '赵*' },
      { stars: 5, comment: '评价2', nameMasked: '王*国' },
      { stars: 5, comment: '评价1', nameMasked: '李*' },
    ]);
    const wall = (await get(`/api/public/results?communityId=${wallCommunity.id}`)).body;
    for (const name of ['张秀兰', '李明', '王建国', '赵丽', '孙卫东', '周芳芳芳']) expect(wall).not.toContain(name);
    expect(wall).not.toContain('residentId');
    expect((await get(`/api/public/activities/${activities[0]!.id}/result`)).json().rating).toBeNull();
  });

  it('answers 404 for an activity without a result, and hides the result of an activity cancelled since', async () => {
    const noResult = await pastActivity(wallCommunity.id);
    expect([(await get(`/api/public/activities/${noResult.id}/result`)).statusCode]).toEqual([404]);
    await t.db.updateTable('activities').set({ status: 'cancelled' }).where('id', '=', activities[0]!.id).execute();
    expect((await get(`/api/public/activities/${activities[0]!.id}/result`)).statusCode).toBe(404);
  });
});
