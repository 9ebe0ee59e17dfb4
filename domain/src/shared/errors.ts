/**
 * The one error catalogue. Use cases throw `new AppError('SESSION_FULL')`; the server maps the
 * code to an HTTP status here, and every client shows the Chinese message from the same table.
 * Codes are stable English and part of the API contract: add, never rename.
 */
export const ERROR_CATALOGUE = {
  VALIDATION_FAILED: { status: 400, message: '提交的信息有误，请检查后重试' },
  INVALID_JSON: { status: 400, message: '请求格式不正确' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  INVALID_CREDENTIALS: { status: 401, message: '手机号或密码不正确' },
  WRONG_PASSWORD: { status: 400, message: '原密码不正确' },
  FORBIDDEN: { status: 403, message: '没有权限进行此操作' },
  CSRF_REJECTED: { status: 403, message: '请求来源不被允许，请在本站页面内操作' },
  NOT_FOUND: { status: 404, message: '没有找到相关内容' },
  PHONE_TAKEN: { status: 409, message: '该手机号已被登记' },
  NAME_TAKEN: { status: 409, message: '该名称已存在' },
  RESIDENT_EXISTS: { status: 409, message: '该身份证号的居民已登记，请在居民列表中查找' },
  CONFLICT: { status: 409, message: '操作冲突，请刷新后重试' },
  RULE_CAP_REACHED: { status: 409, message: '该积分项目已达到次数上限' },
  INSUFFICIENT_POINTS: { status: 409, message: '积分余额不足' },
  IDEMPOTENCY_KEY_REUSED: { status: 409, message: '该请求编号已用于另一项操作' },
  ALREADY_REVERSED: { status: 409, message: '这笔积分已经冲正过了' },
  NOT_REVERSIBLE: { status: 409, message: '这笔记录不能冲正' },
  ADJUSTMENT_NOT_PENDING: { status: 409, message: '该调整申请已处理' },
  SAME_PERSON: { status: 403, message: '积分调整需由另一位工作人员审核（四眼原则）' },
  OUT_OF_STOCK: { status: 409, message: '库存不足' },
  ITEM_UNAVAILABLE: { status: 409, message: '该物品已暂停兑换' },
  LIMIT_REACHED: { status: 409, message: '已达到每人限兑（限领）次数' },
  OFFER_EXHAUSTED: { status: 409, message: '代金券已领完' },
  OFFER_EXPIRED: { status: 410, message: '代金券活动已结束' },
  VOUCHER_ALREADY_USED: { status: 409, message: '该代金券已经使用过了' },
  VOUCHER_EXPIRED: { status: 410, message: '该代金券已过期' },
  PUBLIC_URL_NOT_SET: { status: 409, message: '请先在中心信息中设置公开网址' },
  PUBLIC_URL_FROM_CONFIG: { status: 409, message: '公开网址由部署配置 PUBLIC_URL 设定，不能在这里修改' },
  SUBMISSION_CLOSED: { status: 409, message: '本周菜单的报送已截止' },
  INVALID_STATE: { status: 409, message: '活动当前状态不允许这样操作' },
  WEEK_NOT_PUBLISHED: { status: 404, message: '该周的活动菜单还没有发布' },
  ALREADY_REGISTERED: { status: 409, message: '已经报名了这个活动' },
  ALREADY_CHECKED_IN: { status: 409, message: '已经签到过了' },
  CHECKIN_CLOSED: { status: 409, message: '不在签到时间内' },
  CHECKIN_CODE_INVALID: { status: 400, message: '签到码无效或已过期，请重新扫码' },
  ACTIVITY_FULL: { status: 409, message: '活动名额已满' },
  ALREADY_SUPPORTED: { status: 409, message: '你已经支持过这条需求' },
  FEEDBACK_CLOSED: { status: 409, message: '评价时间已过（活动结束后一周内可评价）' },
  NOT_ATTENDED: { status: 403, message: '签到参加活动后才能评价' },
  UNSUPPORTED_IMAGE: { status: 400, message: '只能上传 JPG、PNG 或 WebP 图片' },
  SESSION_FULL: { status: 409, message: '该场次名额已满' },
  ALREADY_BOOKED: { status: 409, message: '已经预约了这个场次' },
  BOOKING_NOT_OPEN: { status: 409, message: '预约还没有开放' },
  SESSION_CLOSED: { status: 409, message: '该场次已结束或已取消' },
  NOT_ELIGIBLE: { status: 403, message: '不符合预约条件' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的内容类型' },
  RATE_LIMITED: { status: 429, message: '尝试次数过多，请稍后再试' },
  INTERNAL: { status: 500, message: '系统繁忙，请稍后再试' },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系中心管理员' },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: '请先设置新密码，再继续使用' },
  SELF_NOT_ALLOWED: { status: 409, message: '不能对自己的账号进行此操作' },
  LAST_CENTER_ADMIN: { status: 409, message: '这是最后一位中心管理员，不能停用或取消其管理员角色' },
  RESIDENT_ARCHIVED: { status: 409, message: '该居民已归档（迁出或已故），不能再为其办理' },
  RESIDENT_NOT_ARCHIVED: { status: 409, message: '该居民没有归档' },
  COMMUNITY_IN_USE: { status: 409, message: '社区还有在册居民、在用账号或便民服务，不能归档' },
  ALREADY_ARCHIVED: { status: 409, message: '已经归档了' },
  SESSION_ALREADY_COMPLETED: { status: 409, message: '该场次已标记完成' },
  CALL_ALREADY_RECORDED: { status: 409, message: '这一条已经有人标记过了' },
  PARTNER_NAME_TAKEN: { status: 409, message: '同一社区已有同名的在用合作方' },
  NOT_ARCHIVED: { status: 409, message: '没有归档，无需恢复' },
  SESSION_CHANGED: { status: 409, message: '该场次刚被调整或删除，请刷新后重试' },
  VENUE_ARCHIVED: { status: 409, message: '该场地已归档，不能再安排新的服务或活动' },
  HOURS_CHANGED: { status: 409, message: '这条志愿时长刚被其他工作人员更正，请刷新后再改' },
  NOT_CHECKED_IN: { status: 409, message: '还没有签到，不能签退' },
  ALREADY_CHECKED_OUT: { status: 409, message: '已经签退过了' },
  NOT_VOLUNTEER_ACTIVITY: { status: 409, message: '该活动不是志愿服务活动，无需签退' },
  REPORT_PERIOD_OPEN: { status: 409, message: '本期还没有结束，报表仍在统计中，结束后才能重新生成' },
  IMPORT_HAS_ERRORS: { status: 400, message: '表格中有需要修改的行，请按提示改正后重新上传，本次没有导入任何数据' },
  NOT_AN_XLSX: { status: 400, message: '请上传用模板填写的 Excel 文件（.xlsx）' },
  BATCH_NOT_PENDING: { status: 409, message: '该批次已审核' },
  BATCH_SAME_PERSON: { status: 403, message: '期初积分批次需由上传人以外的工作人员审核（四眼原则）' },
  OPENING_ALREADY_SET: { status: 409, message: '该居民的期初积分已经录入过，只能录入一次' },
  IMPORT_QUOTA_EXCEEDED: { status: 429, message: '今天上传核对的行数已达上限，请明天再试或联系中心管理员' },
  IMPORT_ROW_CHANGED: {
    status: 409,
    message: '导入期间有居民的信息被修改（归档或迁出），本次没有导入任何数据，请重新上传',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: FieldIssue[];
  readonly extra?: Record<string, unknown>;

  constructor(
    code: ErrorCode,
    options: { details?: FieldIssue[]; extra?: Record<string, unknown>; message?: string } = {},
  ) {
    super(options.message ?? ERROR_CATALOGUE[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.details = options.details;
    this.extra = options.extra;
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

/** Chinese text for a code, for clients that received only the code. */
export function errorMessage(code: string): string {
  return isErrorCode(code) ? ERROR_CATALOGUE[code].message : ERROR_CATALOGUE.INTERNAL.message;
}
