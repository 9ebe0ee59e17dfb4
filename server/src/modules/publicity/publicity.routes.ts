import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  AppError,
  ZActivityResult,
  ZFeedbackCreate,
  ZFeedbackGiven,
  ZPhotoFile,
  ZResultPublish,
  ZResultsPage,
  ZUploadedPhoto,
  zId,
  zQueryInt,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff, requireUser } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import { tables } from '../../platform/public-cache.js';
import { MAX_UPLOAD_BYTES, readPhotoBlob } from './photo-files.js';
import { presentPhoto, presentResult, presentResultsPage } from './publicity.presenter.js';
import { getPublicResult, giveFeedback, listResultsWall, publishResult, uploadPhoto } from './publicity.service.js';

const ZIdParams = z.object({ id: zId });
const ZResultsQuery = z.object({
  communityId: zId.optional(),
  page: zQueryInt('页码', 1, 1000).default(1),
});
const ZPhotoForm = z.object({ communityId: zId });

export function publicityRoutes(app: ZApp, deps: AppDeps): void {
  // Multipart is parsed only here: no other route accepts uploads, with limits enforced while streaming.
  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 5, fieldSize: 100, parts: 6 },
    });
    (scope as ZApp).post(
      '/api/photos',
      {
        schema: {
          tags: ['publicity'],
          summary: '上传活动照片（multipart：file、communityId）',
          consumes: ['multipart/form-data'],
          response: { 201: ZUploadedPhoto },
        },
        preHandler: requireStaff,
      },
      async (request, reply) => {
        const form = await readPhotoForm(request);
        return reply.status(201).send(presentPhoto(await uploadPhoto({ deps, actor: actorOf(request), data: form })));
      },
    );
  });

  app.get(
    '/uploads/photos/:name',
    {
      schema: {
        tags: ['publicity'],
        summary: '活动照片与缩略图',
        // Any name that is not a stored photo is a 404, controls included: the name only picks a file.
        params: z.object({ name: z.string() }),
        response: { 200: { description: 'JPEG', content: { 'image/jpeg': { schema: ZPhotoFile } } } },
      },
    },
    async (request, reply) => {
      const bytes = await readPhotoBlob(deps, request.params.name);
      if (!bytes) throw new AppError('NOT_FOUND');
      return (
        reply
          .header('content-type', 'image/jpeg')
          // Names are random and a stored file is never rewritten: cache for a year.
          .header('cache-control', 'public, max-age=31536000, immutable')
          // Public pictures: a WeChat article or another site may embed them (helmet's default is same-origin).
          .header('cross-origin-resource-policy', 'cross-origin')
          // Bytes go out as they are (Fastify serialises no Buffer); the schema describes them for the document.
          .send(bytes as unknown as string)
      );
    },
  );

  app.post(
    '/api/activities/:id/result',
    {
      schema: {
        tags: ['publicity'],
        summary: '发布（或更新）活动成果',
        params: ZIdParams,
        body: ZResultPublish,
        response: { 200: ZActivityResult },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentResult(
        await publishResult({ deps, actor: actorOf(request), activityId: request.params.id, data: request.body }),
      ),
  );

  app.post(
    '/api/activities/:id/feedback',
    {
      schema: {
        tags: ['publicity'],
        summary: '参加者评价活动（再次提交即修改）',
        params: ZIdParams,
        body: ZFeedbackCreate,
        response: { 200: ZFeedbackGiven, 201: ZFeedbackGiven },
      },
      preHandler: requireUser,
    },
    async (request, reply) => {
      const { outcome, feedback } = await giveFeedback({
        deps,
        actor: actorOf(request),
        activityId: request.params.id,
        data: request.body,
      });
      return reply.status(outcome === 'created' ? 201 : 200).send(feedback);
    },
  );

  app.get(
    '/api/public/results',
    {
      schema: {
        tags: ['publicity'],
        summary: '活动成果展（公开）',
        querystring: ZResultsQuery,
        response: { 200: ZResultsPage },
      },
      config: {
        publicCache: {
          maxAgeSeconds: 30,
          depends: () =>
            tables(
              'activity_results',
              'activity_result_photos',
              'activity_result_partners',
              'activity_feedback',
              'photos',
              'partners',
              'merchants',
              'activities',
              'activity_categories',
              'registrations',
              'checkins',
              'residents',
              'communities',
              'venues',
            ),
        },
      },
    },
    async (request) =>
      presentResultsPage(
        await listResultsWall({ deps, communityId: request.query.communityId, page: request.query.page }),
      ),
  );

  app.get(
    '/api/public/activities/:id/result',
    {
      schema: {
        tags: ['publicity'],
        summary: '一场活动的成果（公开）',
        params: ZIdParams,
        response: { 200: ZActivityResult },
      },
    },
    async (request) => presentResult(await getPublicResult({ deps, activityId: request.params.id })),
  );
}

/** The upload form: one file part named `file` and a `communityId` field, in either order. */
async function readPhotoForm(request: FastifyRequest): Promise<{ communityId: number; image: Buffer }> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '请以 multipart/form-data 上传照片' });
  let communityId: unknown;
  let image: Buffer | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      // Read to the end even when refused, so the limit (413) applies to every file part.
      const bytes = await part.toBuffer();
      if (part.fieldname !== 'file')
        throw new AppError('VALIDATION_FAILED', {
          details: [{ field: part.fieldname, message: '照片应放在 file 字段' }],
        });
      image = bytes;
    } else if (part.fieldname === 'communityId') {
      communityId = part.value;
    }
  }
  const parsed = ZPhotoForm.safeParse({ communityId });
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'communityId', message: parsed.error.issues[0]?.message ?? '请选择社区' }],
    });
  if (!image?.length)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'file', message: '请选择一张照片' }] });
  return { communityId: parsed.data.communityId, image };
}
