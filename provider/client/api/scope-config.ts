/** The room-configuration family (reference 2.4): wire types, endpoint rows and typed calls. */
import type { Requester } from "../requester";
import { RATE_TIERS, wire, type ApiFamily, type EndpointTable } from "./endpoint-row";
import type { RoomStatus } from "./rooms";
import type { UserIdQuery } from "./user-ids";

/** One signage playlist item (reference 2.1 `room_digital_signage_material`). */
export interface RoomDigitalSignageMaterial {
  id?: string;
  name?: string;
  /** 1 image, 2 video, 3 GIF. */
  material_type?: number;
  url?: string;
  /** Seconds, 1–43200. */
  duration?: number;
  cover?: string;
  md5?: string;
  vid?: string;
  /** Bytes, as a string. */
  size?: string;
}

/** Digital signage settings (reference 2.1 `room_digital_signage`). */
export interface RoomDigitalSignage {
  if_cover_child_scope?: boolean;
  enable?: boolean;
  mute?: boolean;
  /** Minutes, 1–720. */
  start_display?: number;
  /** Minutes, 1–720. */
  stop_display?: number;
  materials?: RoomDigitalSignageMaterial[];
}

/** The configuration attached to a scope (reference 2.1 `room_config`). */
export interface RoomConfig {
  room_background?: string;
  display_background?: string;
  digital_signage?: RoomDigitalSignage;
  room_box_digital_signage?: RoomDigitalSignage;
  room_status?: RoomStatus;
}

/** 1 = room level, 2 = room (reference 2.4). */
export type ScopeType = 1 | 2;

/** A configuration bound to one scope: the body of `scope_config` set and an item of get. */
export interface ScopeConfig {
  scope_type: ScopeType;
  scope_id: string;
  scope_config?: RoomConfig;
}

/** Answer of `GET /scope_config` (reference 2.4.2). */
export interface ScopeConfigView {
  /** Effective configuration, merged bottom-up. */
  current_config?: ScopeConfig;
  /** Raw stored configuration of each node, queried node first, root last. */
  origin_configs?: ScopeConfig[];
}

/** Query of `GET /scope_config` (reference 2.4.2). */
export interface ScopeConfigQuery extends UserIdQuery {
  scope_type: ScopeType;
  scope_id: string;
}

/** Body of `POST /scope_config/access_code`, present only in the SDK (reference 2.4.3). */
export interface ScopeAccessCodeBody {
  scope_type: ScopeType;
  scope_id: string;
  valid_day: number;
}

/** Scope-config endpoints (reference 2.4; limits 1.9; tenant token only, section 4 item 4). */
export const SCOPE_CONFIG_ENDPOINTS = {
  "POST /open-apis/vc/v1/scope_config": {
    io: wire<{ query: UserIdQuery; body: ScopeConfig; data: Record<string, never> }>(),
    kind: "write",
    limits: RATE_TIERS.perMinute20,
    tokens: ["tenant"],
    // It sets values: sending it twice leaves the same configuration.
    idempotent: true,
    action: "set scope configuration",
  },
  "GET /open-apis/vc/v1/scope_config": {
    io: wire<{ query: ScopeConfigQuery; data: ScopeConfigView }>(),
    kind: "read",
    limits: RATE_TIERS.perMinute1000PerSecond50,
    tokens: ["tenant"],
    idempotent: true,
    action: "get scope configuration",
  },
  // SDK-only endpoint with no documented limit (reference 2.4.3): budgeted as a write, and not
  // idempotent because every call issues a new code.
  "POST /open-apis/vc/v1/scope_config/access_code": {
    io: wire<{ body: ScopeAccessCodeBody; data: { access_code?: string } }>(),
    kind: "write",
    limits: RATE_TIERS.perMinute20,
    tokens: ["tenant"],
    idempotent: false,
    action: "create scope access code",
  },
} as const satisfies EndpointTable;

export class ScopeConfigApi {
  constructor(private readonly client: Requester) {}

  /** Sets the given top-level keys of a scope's configuration; omitted keys are kept by the service. */
  async set(body: ScopeConfig, query: UserIdQuery = {}): Promise<void> {
    await this.client.request("POST /open-apis/vc/v1/scope_config", { query, body });
  }

  /** The effective configuration of a scope and the raw configuration of each node up to the root. */
  get(query: ScopeConfigQuery): Promise<ScopeConfigView> {
    return this.client.request("GET /open-apis/vc/v1/scope_config", { query });
  }
}

/** The scope configuration family, as `endpoints.ts` registers it. */
export const SCOPE_CONFIG_FAMILY = {
  endpoints: SCOPE_CONFIG_ENDPOINTS,
  createApi: (requester) => new ScopeConfigApi(requester),
} as const satisfies ApiFamily<typeof SCOPE_CONFIG_ENDPOINTS, ScopeConfigApi>;
