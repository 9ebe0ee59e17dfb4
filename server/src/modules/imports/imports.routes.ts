import multipart from '@fastify/multipart';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  MAX_IMPORT_BYTES,
  XLSX_MEDIA_TYPE,
  ZImportCheck,
  ZImportForm,
  ZImportParams,
  ZOpeningBatch,
  ZOpeningBatchDetail,
  ZOpeningBatchList,
  ZOpeningReject,
  ZResidentImportDone,
  ZXlsxFile,
} from '@zhongli/domain';
import type { AppDeps } from '../../platform/deps.js';
import { actorOf, requireStaff } from '../../platform/guards.js';
import type { ZApp } from '../../platform/zod-app.js';
import {
  approveOpeningBatch,
  getOpeningBatch,
  listOpeningBatches,
  presentOpeningBatch,
  presentOpeningBatchDetail,
  rejectOpeningBatch,
} from '../points/index.js';
import {
  checkOpeningFile,
  checkResidentsFile,
  importResidentsFile,
  openingTemplate,
  residentsTemplate,
  submitOpeningFile,
} from './imports.service.js';

const XLSX_RESPONSE = { 200: { description: 'Excel', content: { [XLSX_MEDIA_TYPE]: { schema: ZXlsxFile } } } };
const UPLOAD = '（multipart：file 为 .xlsx 文件）';

export function importsRoutes(app: ZApp, deps: AppDeps): void {
  app.get(
    '/api/imports/residents/template',
    {
      schema: { tags: ['imports'], summary: '居民导入模板（Excel）', response: XLSX_RESPONSE },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      sendXlsx(reply, '居民导入模板.xlsx', await residentsTemplate({ deps, actor: actorOf(request) })),
  );
  app.get(
    '/api/imports/opening/template',
    {
      schema: { tags: ['imports'], summary: '期初积分导入模板（Excel）', response: XLSX_RESPONSE },
      preHandler: requireStaff,
    },
    async (request, reply) =>
      sendXlsx(reply, '期初积分导入模板.xlsx', await openingTemplate({ deps, actor: actorOf(request) })),
  );

  // Multipart is parsed only in this scope (and the photo upload's), with limits enforced while streaming.
  void app.register(async (scope) => {
    await scope.register(multipart, {
      limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 3, fieldSize: 20, parts: 4 },
    });
    const upload = scope as ZApp;
    upload.post(
      '/api/imports/residents/check',
      {
        schema: {
          tags: ['imports'],
          summary: `检查居民导入表格，逐行指出问题，不写入任何数据${UPLOAD}`,
          consumes: ['multipart/form-data'],
          response: { 200: ZImportCheck },
        },
        preHandler: requireStaff,
      },
      async (request) => {
        const form = await readUpload(request);
        return checkResidentsFile({ deps, actor: actorOf(request), ...form });
      },
    );
    upload.post(
      '/api/imports/residents',
      {
        schema: {
          tags: ['imports'],
          summary: `导入居民：全部写入或全部不写入${UPLOAD}`,
          consumes: ['multipart/form-data'],
          response: { 201: ZResidentImportDone },
        },
        preHandler: requireStaff,
      },
      async (request, reply) => {
        const form = await readUpload(request);
        return reply.status(201).send(await importResidentsFile({ deps, actor: actorOf(request), ...form }));
      },
    );
    upload.post(
      '/api/imports/opening/check',
      {
        schema: {
          tags: ['imports'],
          summary: `检查期初积分表格，不写入任何数据${UPLOAD}`,
          consumes: ['multipart/form-data'],
          response: { 200: ZImportCheck },
        },
        preHandler: requireStaff,
      },
      async (request) => {
        const { file } = await readUpload(request);
        return checkOpeningFile({ deps, actor: actorOf(request), file });
      },
    );
    upload.post(
      '/api/imports/opening',
      {
        schema: {
          tags: ['imports'],
          summary: `提交期初积分批次，待另一位工作人员审核${UPLOAD}`,
          consumes: ['multipart/form-data'],
          response: { 201: ZOpeningBatch },
        },
        preHandler: requireStaff,
      },
      async (request, reply) => {
        const { file } = await readUpload(request);
        const actor = actorOf(request);
        const batchId = await submitOpeningFile({ deps, actor, file });
        return reply.status(201).send(presentOpeningBatch(await getOpeningBatch({ deps, actor, batchId })));
      },
    );
  });

  app.get(
    '/api/opening-batches',
    {
      schema: { tags: ['imports'], summary: '期初积分批次（待审核在前）', response: { 200: ZOpeningBatchList } },
      preHandler: requireStaff,
    },
    async (request) => ({
      batches: (await listOpeningBatches({ deps, actor: actorOf(request) })).map(presentOpeningBatch),
    }),
  );
  app.get(
    '/api/opening-batches/:id',
    {
      schema: {
        tags: ['imports'],
        summary: '一个期初积分批次及其各行',
        params: ZImportParams,
        response: { 200: ZOpeningBatchDetail },
      },
      preHandler: requireStaff,
    },
    async (request) =>
      presentOpeningBatchDetail(await getOpeningBatch({ deps, actor: actorOf(request), batchId: request.params.id })),
  );
  app.post(
    '/api/opening-batches/:id/approve',
    {
      schema: {
        tags: ['imports'],
        summary: '审核通过期初积分批次（须由上传人以外的工作人员）',
        params: ZImportParams,
        response: { 200: ZOpeningBatch },
      },
      preHandler: requireStaff,
    },
    async (request) => {
      const actor = actorOf(request);
      const batchId = await approveOpeningBatch({ deps, actor, batchId: request.params.id });
      return presentOpeningBatch(await getOpeningBatch({ deps, actor, batchId }));
    },
  );
  app.post(
    '/api/opening-batches/:id/reject',
    {
      schema: {
        tags: ['imports'],
        summary: '驳回期初积分批次',
        params: ZImportParams,
        body: ZOpeningReject,
        response: { 200: ZOpeningBatch },
      },
      preHandler: requireStaff,
    },
    async (request) => {
      const actor = actorOf(request);
      const batchId = await rejectOpeningBatch({ deps, actor, batchId: request.params.id, data: request.body });
      return presentOpeningBatch(await getOpeningBatch({ deps, actor, batchId }));
    },
  );
}

function sendXlsx(reply: FastifyReply, filename: string, bytes: Buffer) {
  return (
    reply
      .header('content-type', XLSX_MEDIA_TYPE)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
      // Bytes go out as they are (Fastify serialises no Buffer); the schema describes them for the document.
      .send(bytes as unknown as string)
  );
}

/** The upload: one file part named `file` and an optional `updateExisting` field (0/1). */
async function readUpload(request: FastifyRequest): Promise<{ file: Buffer; updateExisting: boolean }> {
  if (!request.isMultipart())
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { message: '请以 multipart/form-data 上传 Excel 文件' });
  let file: Buffer | undefined;
  const fields: Record<string, unknown> = {};
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      // Read to the end even when refused, so the size limit (413) applies to every file part.
      const bytes = await part.toBuffer();
      if (part.fieldname !== 'file')
        throw new AppError('VALIDATION_FAILED', {
          details: [{ field: part.fieldname, message: '文件应放在 file 字段' }],
        });
      file = bytes;
    } else {
      fields[part.fieldname] = part.value;
    }
  }
  const parsed = ZImportForm.safeParse(fields);
  if (!parsed.success)
    throw new AppError('VALIDATION_FAILED', {
      details: [{ field: 'updateExisting', message: parsed.error.issues[0]?.message ?? 'updateExisting 应为 0 或 1' }],
    });
  if (!file?.length)
    throw new AppError('VALIDATION_FAILED', { details: [{ field: 'file', message: '请选择要上传的 Excel 文件' }] });
  return { file, updateExisting: parsed.data.updateExisting === '1' };
}
