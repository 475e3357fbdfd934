/** The Feishu VC API client: HTTP only, no Pulumi, no layout. */
export { FeishuVcClient, createClient } from "./client";
export type { FeishuVcClientOptions, FamilyApis, RequestEvent, ClientStats } from "./client";
export { FEISHU_BASE_URL, LARK_BASE_URL, MINUTE_MS, WRITE_LIMIT_PER_MINUTE } from "./constants";
export {
  FEISHU_VC_ERROR_BRAND,
  FeishuVcError,
  FeishuApiError,
  AuthError,
  PermissionError,
  RateLimitError,
  NotFoundError,
  InvalidRequestError,
  ServerError,
  TransportError,
  ConfigError,
  ArgumentError,
  AmbiguousWriteError,
  ExportFailedError,
  ExportFileError,
  errorFromResponse,
  isFeishuVcError,
  isFeishuApiError,
  isRateLimitError,
  isTransportError,
  isNotFoundError,
  isArgumentError,
  isAmbiguousWriteError,
  isExportFailedError,
  isExportFileError,
} from "./errors";
export type { FeishuVcBrandedError, FieldViolation, PermissionViolation } from "./errors";
export { ERROR_CODE_TABLE, FEISHU_CODES, errorKindOf } from "./error-codes";
export type { ErrorCodeName, ErrorCodeRow, ErrorKind } from "./error-codes";
export { ENDPOINTS } from "./endpoints";
export type { EndpointKey, EndpointParams, EndpointData, TokensOf } from "./endpoints";
export type { EndpointRow, RateWindow, TokenKind } from "./api/endpoint-row";
export type { RateLimitWait, Clock } from "./rate-limiter";
export { redactText, redactValue } from "./redact";
export { ROOT_LEVEL_ALIAS } from "./api/room-levels";
export type * from "./api/user-ids";
export type {
  RoomLevel,
  RoomLevelCreateBody,
  RoomLevelDeleteBody,
  RoomLevelListQuery,
  RoomLevelPage,
  RoomLevelPatchBody,
  RoomLevelsApi,
} from "./api/room-levels";
export type {
  Device,
  Room,
  RoomCreateBody,
  RoomListQuery,
  RoomPage,
  RoomPatchBody,
  RoomSearchBody,
  RoomStatus,
  RoomsApi,
} from "./api/rooms";
export type {
  RoomConfig,
  RoomDigitalSignage,
  RoomDigitalSignageMaterial,
  ScopeAccessCodeBody,
  ScopeConfig,
  ScopeConfigApi,
  ScopeConfigQuery,
  ScopeConfigView,
  ScopeType,
} from "./api/scope-config";
export { ASSIGN_HOSTS_MAX, RESERVE_MAX_DAYS_AHEAD } from "./api/reservations";
export type {
  ActionPermission,
  AsUser,
  AssignHost,
  PermissionChecker,
  Reserve,
  ReserveApplyBody,
  ReserveCallSetting,
  ReserveCorrectionCheckInfo,
  ReserveMeetingSettings,
  ReserveResult,
  ReserveUpdateBody,
  ReservationsApi,
} from "./api/reservations";
export type {
  InviteResult,
  KickoutResult,
  Meeting,
  MeetingAbility,
  MeetingBrief,
  MeetingBriefPage,
  MeetingGetQuery,
  MeetingListByNoQuery,
  MeetingParticipant,
  MeetingUser,
  MeetingUserType,
  MeetingsApi,
  SetHostBody,
} from "./api/meetings";
export { RECORDING_TIMEZONE_MAX, RECORDING_TIMEZONE_MIN } from "./api/recording";
export type {
  Recording,
  RecordingApi,
  RecordingPermissionObject,
  RecordingSetPermissionBody,
} from "./api/recording";
export { REPORT_HISTORY_DAYS, TOP_USERS_LIMIT_MAX } from "./api/reports";
export type {
  DailyReport,
  DailyReportDay,
  ReportUnit,
  ReportWindow,
  ReportsApi,
  TopUser,
  TopUsersParams,
} from "./api/reports";
export { EXPORT_WINDOW_MAX_DAYS } from "./api/exports";
export type {
  ExportKind,
  ExportTask,
  ExportsApi,
  MeetingListExportParams,
  MeetingStatusFilter,
  MeetingTypeFilter,
  ParticipantListExportParams,
  ParticipantQualityListExportParams,
  ResourceReservationListExportParams,
} from "./api/exports";
export { checkExportOutFile, runExport, writeExportFile } from "./export-task";
export type {
  ExportClient,
  ExportProgress,
  ExportRequest,
  ExportResult,
  RunExportOptions,
} from "./export-task";
export {
  fetchExportRows,
  readExportRows,
  streamExportRows,
  streamFetchedExportRows,
} from "./export-rows";
export type {
  ExportRowOf,
  ExportRowsByKind,
  FetchExportRowsOptions,
  MeetingRow,
  ParticipantRow,
  QualityRow,
  ReservationRow,
} from "./export-rows";
