/**
 * Reservations (reference 3.1): standing meetings booked through the API, owned by one user,
 * with a meeting number held until the reservation expires. Every operation validates
 * everything first and mutates last, so a rejected request changes nothing.
 */
import type { Caller } from "../auth";
import {
  badPassword,
  cannotAutoRecordCall,
  dataNotExist,
  fieldInvalid,
  invalidHost,
  noPermission,
  paramError,
  tooManyHosts,
} from "../errors";
import {
  isObject,
  optionalBoolean,
  optionalInteger,
  optionalString,
  requireObject,
  type Json,
  type JsonObject,
} from "../validate";
import { compact, numericId, type Clock } from "./common";
import type { UserDirectory, UserIdType } from "./users";

/** Reference 3.1: end_time at most 30 days ahead. */
const RESERVE_AHEAD_MAX_MS = 30 * 24 * 3600 * 1000;
/** Reference 3.1: at most 10 assigned hosts (123003 beyond). */
const ASSIGN_HOSTS_MAX = 10;
/** Reference 3.1: a password is 4 to 9 digits (123006 otherwise). */
const PASSWORD = /^\d{4,9}$/;

export interface PermissionChecker {
  check_field: number;
  check_mode: number;
  check_list: string[];
}

export interface ActionPermission {
  permission: number;
  permission_checkers?: PermissionChecker[];
}

export interface CallSetting {
  callee: {
    id?: string;
    user_type: number;
    pstn_sip_info?: { nickname?: string; main_address?: string };
  };
}

/** Stored meeting settings; assigned hosts by canonical user_id. */
export interface ReserveSettings {
  topic?: string;
  action_permissions?: ActionPermission[];
  meeting_initial_type?: number;
  meeting_connect?: boolean;
  call_setting?: CallSetting;
  auto_record?: boolean;
  assign_host_list?: { user_type: number; id: string }[];
  /** Absent: the owner's own setting (none in the emulator); never stored empty. */
  password?: string;
}

export interface ReservationRecord {
  id: string;
  meeting_no: string;
  /** Canonical user_id of the owner. */
  owner_id: string;
  /** Applied with the tenant token (the app acts for the owner) rather than the owner's user token. */
  applied_by_app: boolean;
  /** Unix seconds; absent for a 1v1 call booked without one. */
  end_time?: string;
  expired: boolean;
  url: string;
  app_link: string;
  live_link: string;
  settings: ReserveSettings;
}

/** This family's part of the tenant snapshot (absent in files written before it existed). */
export interface ReservationsSnapshot {
  reservations?: ReservationRecord[];
}

/** A field of an update: omitted (undefined), sent empty (`CLEAR`), or a value. */
const CLEAR = Symbol("clear");
type Patch<T> = { [K in keyof T]?: T[K] | typeof CLEAR };

const isEmpty = (value: Json): boolean =>
  value === "" ||
  (Array.isArray(value) && value.length === 0) ||
  (isObject(value) && Object.keys(value).length === 0);

function intIn(
  body: JsonObject,
  field: string,
  prefix: string,
  allowed: number[],
): number | undefined {
  const value = optionalInteger(body, field, prefix);
  if (value !== undefined && !allowed.includes(value))
    throw paramError(`${prefix}${field} must be one of ${allowed.join(", ")}`);
  return value;
}

function checkActionPermissions(value: Json): ActionPermission[] {
  const p = "meeting_settings.action_permissions";
  if (!Array.isArray(value)) throw fieldInvalid(p, "must be a list", value);
  return value.map((item, i) => {
    const entry = requireObject(item, `${p}[${i}]`);
    const ep = `${p}[${i}].`;
    const permission = intIn(entry, "permission", ep, [1, 2, 3]);
    if (permission === undefined) throw fieldInvalid(`${ep}permission`, "is required");
    const checkers = entry.permission_checkers;
    if (checkers === undefined || checkers === null) return { permission };
    if (!Array.isArray(checkers))
      throw fieldInvalid(`${ep}permission_checkers`, "must be a list", checkers);
    const permission_checkers = checkers.map((raw, j) => {
      const checker = requireObject(raw, `${ep}permission_checkers[${j}]`);
      const cp = `${ep}permission_checkers[${j}].`;
      const check_field = intIn(checker, "check_field", cp, [1, 2, 3]);
      const check_mode = intIn(checker, "check_mode", cp, [1, 2]);
      const list = checker.check_list;
      if (check_field === undefined) throw fieldInvalid(`${cp}check_field`, "is required");
      if (check_mode === undefined) throw fieldInvalid(`${cp}check_mode`, "is required");
      if (!Array.isArray(list) || list.some((x) => typeof x !== "string"))
        throw fieldInvalid(`${cp}check_list`, "must be a list of strings", list);
      return { check_field, check_mode, check_list: list as string[] };
    });
    return { permission, permission_checkers };
  });
}

function checkCallSetting(value: Json): CallSetting {
  const p = "meeting_settings.call_setting";
  const setting = requireObject(value, p);
  const callee = requireObject(setting.callee, `${p}.callee`);
  const cp = `${p}.callee.`;
  const userType = optionalInteger(callee, "user_type", cp);
  if (userType === undefined) throw fieldInvalid(`${cp}user_type`, "is required");
  // Reference 3.1: the callee of a 1v1 call can only be a PSTN user (6).
  if (userType !== 6) throw paramError(`${cp}user_type must be 6 (PSTN)`);
  const id = optionalString(callee, "id", cp);
  let pstn: { nickname?: string; main_address?: string } | undefined;
  if (callee.pstn_sip_info !== undefined && callee.pstn_sip_info !== null) {
    const info = requireObject(callee.pstn_sip_info, `${cp}pstn_sip_info`);
    pstn = compact({
      nickname: optionalString(info, "nickname", `${cp}pstn_sip_info.`),
      main_address: optionalString(info, "main_address", `${cp}pstn_sip_info.`),
    });
  }
  return { callee: compact({ id, user_type: userType, pstn_sip_info: pstn }) };
}

export class ReservationStore {
  private readonly reservations = new Map<string, ReservationRecord>();

  constructor(
    private readonly users: UserDirectory,
    private readonly now: Clock,
    /** Meeting numbers held by live instant meetings, which a new reservation must not take. */
    private readonly numbersInUse: () => ReadonlySet<string>,
    snapshot?: ReservationsSnapshot,
  ) {
    for (const record of snapshot?.reservations ?? []) this.reservations.set(record.id, record);
  }

  snapshot(): Required<ReservationsSnapshot> {
    this.expire();
    return { reservations: [...this.reservations.values()] };
  }

  /** Reference 3.1: a reservation whose end_time has passed expires and releases its number. */
  expire(): void {
    const now = this.now();
    for (const record of this.reservations.values()) {
      if (!record.expired && record.end_time !== undefined && Number(record.end_time) * 1000 <= now)
        record.expired = true;
    }
  }

  /** A reservation by id, expiry applied; 404/121004 when there is none. */
  find(id: string): ReservationRecord {
    this.expire();
    const record = this.reservations.get(id);
    if (record === undefined) throw dataNotExist();
    return record;
  }

  /** Reference 3.1: only the owner's reservations can be read or changed (403/121005 otherwise). */
  private owned(id: string, caller: Caller): ReservationRecord {
    const record = this.find(id);
    // Our reading: with the tenant token the app owns what it applied for its owner; with a user
    // token the caller must be the owner.
    const mine =
      caller.kind === "tenant" ? record.applied_by_app : caller.userId === record.owner_id;
    if (!mine) throw noPermission("only the owner can read or change this reservation");
    return record;
  }

  /** The reservation a caller may read, for get_active_meeting. */
  readable(id: string, caller: Caller): ReservationRecord {
    return this.owned(id, caller);
  }

  all(): ReservationRecord[] {
    this.expire();
    return [...this.reservations.values()];
  }

  private freshNumber(): string {
    const taken = new Set(this.numbersInUse());
    for (const record of this.reservations.values())
      if (!record.expired) taken.add(record.meeting_no);
    for (;;) {
      const candidate = numericId(9);
      if (!taken.has(candidate)) return candidate;
    }
  }

  /** Validates end_time: unix seconds, in the future, at most 30 days ahead (121003 otherwise). */
  private checkEndTime(value: string): string {
    if (!/^\d{1,12}$/.test(value)) throw paramError("end_time must be unix seconds");
    const ms = Number(value) * 1000;
    const now = this.now();
    if (ms <= now) throw paramError("end_time must be in the future");
    if (ms > now + RESERVE_AHEAD_MAX_MS) throw paramError("end_time must be at most 30 days ahead");
    return value;
  }

  /** Parses meeting_settings; on update, members sent empty come back as CLEAR. */
  private checkSettings(value: Json | undefined, idType: UserIdType): Patch<ReserveSettings> {
    if (value === undefined || value === null) return {};
    const body = requireObject(value, "meeting_settings");
    const p = "meeting_settings.";
    const out: Patch<ReserveSettings> = {};
    const present = (key: string): boolean => body[key] !== undefined && body[key] !== null;
    const cleared = (key: string): boolean => present(key) && isEmpty(body[key]!);

    if (present("topic")) out.topic = cleared("topic") ? CLEAR : optionalString(body, "topic", p);
    if (present("action_permissions"))
      out.action_permissions = cleared("action_permissions")
        ? CLEAR
        : checkActionPermissions(body.action_permissions!);
    const initialType = intIn(body, "meeting_initial_type", p, [1, 2]);
    if (initialType !== undefined) out.meeting_initial_type = initialType;
    const connect = optionalBoolean(body, "meeting_connect", p);
    if (connect !== undefined) out.meeting_connect = connect;
    if (present("call_setting"))
      out.call_setting = cleared("call_setting") ? CLEAR : checkCallSetting(body.call_setting!);
    const autoRecord = optionalBoolean(body, "auto_record", p);
    if (autoRecord !== undefined) out.auto_record = autoRecord;
    if (present("assign_host_list")) {
      const list = body.assign_host_list!;
      if (!Array.isArray(list)) throw fieldInvalid(`${p}assign_host_list`, "must be a list", list);
      if (list.length > ASSIGN_HOSTS_MAX) throw tooManyHosts();
      const invalid: string[] = [];
      const hosts = list.map((raw, i) => {
        const host = requireObject(raw, `${p}assign_host_list[${i}]`);
        const hp = `${p}assign_host_list[${i}].`;
        const id = optionalString(host, "id", hp);
        const userType = optionalInteger(host, "user_type", hp) ?? 1;
        if (id === undefined) throw fieldInvalid(`${hp}id`, "is required");
        // Reference 3.1: hosts are Lark users (user_type 1) of the tenant.
        const user = userType === 1 ? this.users.find(id, idType) : undefined;
        if (user === undefined) invalid.push(id);
        return { user_type: 1, id: user?.user_id ?? id };
      });
      if (invalid.length > 0) throw invalidHost(invalid);
      out.assign_host_list = hosts.length === 0 ? CLEAR : hosts;
    }
    if (present("password")) {
      const password = body.password;
      // The value is a secret: the violation never echoes it.
      if (typeof password !== "string")
        throw fieldInvalid(`${p}password`, "must be a string of 4 to 9 digits");
      if (password !== "" && !PASSWORD.test(password)) throw badPassword();
      out.password = password === "" ? CLEAR : password;
    }
    return out;
  }

  /** Applies a settings patch to stored settings (a copy), then checks the combined rules. */
  private merged(stored: ReserveSettings, patch: Patch<ReserveSettings>): ReserveSettings {
    const next: Record<string, unknown> = { ...stored };
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined) continue;
      if (value === CLEAR) delete next[key];
      else next[key] = value;
    }
    const settings = next as ReserveSettings;
    // Reference 3.1: a 1v1 call (meeting_initial_type 2) cannot auto-record.
    if (settings.meeting_initial_type === 2 && settings.auto_record === true)
      throw cannotAutoRecordCall();
    return settings;
  }

  apply(body: JsonObject, caller: Caller, idType: UserIdType): JsonObject {
    if (body.meeting_settings === undefined || body.meeting_settings === null)
      throw fieldInvalid("meeting_settings", "is required");
    let ownerId: string;
    if (caller.kind === "tenant") {
      const raw = optionalString(body, "owner_id");
      if (raw === undefined || raw === "")
        throw fieldInvalid("owner_id", "is required with a tenant token");
      const owner = this.users.find(raw, idType);
      // Reference 3.1: the owner must be a user of the same tenant; the code is not given (121003, our choice).
      if (owner === undefined) throw paramError("owner_id is not a user of this tenant");
      ownerId = owner.user_id;
    } else {
      ownerId = caller.userId; // Reference 3.1: owner_id is ignored with a user token.
    }
    const settings = this.merged({}, this.checkSettings(body.meeting_settings, idType));
    const rawEnd = optionalString(body, "end_time");
    const endTime = rawEnd === undefined || rawEnd === "" ? undefined : this.checkEndTime(rawEnd);
    // Reference 3.1: end_time is required for multi-person meetings (anything but a 1v1 call).
    if (endTime === undefined && settings.meeting_initial_type !== 2)
      throw fieldInvalid("end_time", "is required for group meetings");
    this.expire();
    const id = numericId(19);
    const meetingNo = this.freshNumber();
    const record: ReservationRecord = compact({
      id,
      meeting_no: meetingNo,
      owner_id: ownerId,
      applied_by_app: caller.kind === "tenant",
      end_time: endTime,
      expired: false,
      url: `https://vc.feishu.cn/j/${meetingNo}`,
      app_link: `https://applink.feishu.cn/client/videochat/open?source=openplatform&action=join&idtype=reservationid&id=${id}`,
      live_link: `https://meetings.feishu.cn/s/${numericId(12)}`,
      settings,
    });
    this.reservations.set(id, record);
    return {
      reserve: compact({
        id,
        meeting_no: meetingNo,
        password: settings.password,
        url: record.url,
        app_link: record.app_link,
        live_link: record.live_link,
        end_time: endTime,
      }) as JsonObject,
    };
  }

  update(id: string, body: JsonObject, caller: Caller, idType: UserIdType): JsonObject {
    const record = this.owned(id, caller);
    const patch = this.checkSettings(body.meeting_settings, idType);
    if (
      patch.meeting_connect !== undefined &&
      patch.meeting_connect !== (record.settings.meeting_connect ?? false)
    )
      // Reference 3.1: meeting_connect is not updatable; a different value is refused (our choice).
      throw paramError("meeting_settings.meeting_connect cannot be changed");
    const rawOwner = optionalString(body, "owner_id");
    if (
      rawOwner !== undefined &&
      rawOwner !== "" &&
      this.users.find(rawOwner, idType)?.user_id !== record.owner_id
    )
      // The reference documents no owner change; a different owner is refused (our choice).
      throw paramError("owner_id cannot be changed");
    const settings = this.merged(record.settings, patch);
    let endTime = record.end_time;
    const rawEnd = body.end_time;
    if (rawEnd !== undefined && rawEnd !== null) {
      if (typeof rawEnd !== "string") throw fieldInvalid("end_time", "must be a string", rawEnd);
      endTime = rawEnd === "" ? undefined : this.checkEndTime(rawEnd);
    }
    if (endTime === undefined && settings.meeting_initial_type !== 2)
      throw paramError("end_time is required for group meetings");
    // Reference 3.1: update can extend an expired reservation; its released number may have been
    // taken meanwhile, in which case it gets a new one.
    const revive = record.expired && endTime !== undefined && endTime !== record.end_time;
    if (revive) {
      const taken = new Set(this.numbersInUse());
      for (const other of this.reservations.values())
        if (!other.expired && other.id !== id) taken.add(other.meeting_no);
      if (taken.has(record.meeting_no)) {
        record.meeting_no = this.freshNumber();
        record.url = `https://vc.feishu.cn/j/${record.meeting_no}`;
      }
      record.expired = false;
    }
    record.settings = settings;
    if (endTime === undefined) delete record.end_time;
    else record.end_time = endTime;
    return {
      reserve: compact({
        id,
        meeting_no: record.meeting_no,
        password: settings.password,
        url: record.url,
        live_link: record.live_link,
        end_time: record.end_time,
        expire_status: record.expired ? 2 : 1,
      }) as JsonObject,
    };
  }

  delete(id: string, caller: Caller): void {
    this.owned(id, caller);
    this.reservations.delete(id);
  }

  get(id: string, caller: Caller, idType: UserIdType): JsonObject {
    const record = this.owned(id, caller);
    return { reserve: this.view(record, idType) };
  }

  view(record: ReservationRecord, idType: UserIdType): JsonObject {
    const s = record.settings;
    return compact({
      id: record.id,
      meeting_no: record.meeting_no,
      password: s.password,
      url: record.url,
      app_link: record.app_link,
      live_link: record.live_link,
      end_time: record.end_time,
      expire_status: record.expired ? 2 : 1,
      reserve_user_id: this.users.render(record.owner_id, idType),
      meeting_settings: compact({
        topic: s.topic,
        action_permissions: s.action_permissions as unknown as Json,
        meeting_initial_type: s.meeting_initial_type,
        meeting_connect: s.meeting_connect,
        call_setting: s.call_setting as unknown as Json,
        auto_record: s.auto_record,
        assign_host_list: s.assign_host_list?.map((h) => ({
          user_type: h.user_type,
          id: this.users.render(h.id, idType),
        })),
        password: s.password,
      }) as JsonObject,
    }) as JsonObject;
  }
}
