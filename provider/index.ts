/**
 * pulumi-feishu-vc: Feishu (Lark) Video Conferencing rooms as Pulumi resources.
 * The public surface; re-exports only.
 */
export {
  RoomLevel,
  Room,
  ScopeConfig,
  Reservation,
  ROOT_PARENT,
  CONFIG_KEYS,
  ENV_KEYS,
  PULUMI_MODULE,
} from "./resources";
export type {
  RoomLevelArgs,
  RoomLevelState,
  RoomArgs,
  RoomState,
  DeviceArgs,
  RoomStatusArgs,
  RoomStatusValue,
  ScopeConfigArgs,
  ScopeConfigState,
  ScopeType,
  RoomConfigArgs,
  RoomConfigValue,
  DigitalSignageArgs,
  SignageMaterialArgs,
  ResourceKind,
  ReservationArgs,
  ReservationState,
  MeetingSettingsArgs,
  ActionPermissionArgs,
  PermissionCheckerArgs,
  CallSettingArgs,
} from "./resources";
export {
  loadLayout,
  declareLayout,
  validateLayoutText,
  LayoutError,
  isLayoutError,
} from "./layout";
export { ResourceError, isResourceError } from "./resources";
export type { Layout, LoadedLayout, LayoutIssue, DeclareOptions, DeclaredLayout } from "./layout";
// The client's typed surface (wire types, API classes, options) for programs that call the API
// directly, and its errors with their guards (brand checks, not instanceof: style notes L5).
export type * from "./client";
export {
  FeishuApiError,
  AmbiguousWriteError,
  ArgumentError,
  isFeishuApiError,
  isRateLimitError,
  isTransportError,
  isNotFoundError,
  isArgumentError,
  isAmbiguousWriteError,
} from "./client";
export {
  createClient,
  FeishuVcClient,
  isFeishuVcError,
  FEISHU_BASE_URL,
  LARK_BASE_URL,
} from "./client";
export type { FeishuVcClientOptions } from "./client";
// Exports (issue 20): the whole flow, and its errors.
export {
  runExport,
  readExportRows,
  fetchExportRows,
  streamExportRows,
  streamFetchedExportRows,
  isExportFailedError,
  isExportFileError,
} from "./client";

/**
 * @internal Loaded by the serialized provider shim in the provider process; not an API.
 */
export { providerImplementations as __feishuVcProviders } from "./resources";
export { startEventReceiver, createEventHandler } from "./events";
export type {
  ReceiverOptions,
  RunningReceiver,
  ReceiverStats,
  EventEnvelope,
  EventHeader,
  EventHandlers,
  VcEvent,
  VcEventType,
  VcEventBodies,
  RoomEvent,
  RoomDeletedEvent,
  RoomLevelEvent,
  RoomLevelDeletedEvent,
  MeetingEvent,
  RecordingReadyEvent,
  EventRoom,
  EventRoomLevel,
  EventMeeting,
  EventUser,
  EventUserId,
} from "./events";
