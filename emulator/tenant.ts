/**
 * The emulated tenant: one object composing the family stores (store/*.ts), wiring what one
 * family's change does to another (a level delete takes its rooms and their configuration along),
 * and assembling one snapshot from each family's part.
 */
import type { PublishEvent } from "./events/bus";
import type { Clock, TenantSettings } from "./store/common";
import { ExportRows } from "./store/export-rows";
import { ExportStore } from "./store/exports";
import { HistoryStore, type HistorySnapshot } from "./store/history";
import { MeetingStore, type MeetingsSnapshot } from "./store/meetings";
import { RecordingStore } from "./store/recording";
import { ReservationStore, type ReservationsSnapshot } from "./store/reservations";
import { RoomLevelStore, type RoomLevelsSnapshot } from "./store/room-levels";
import { RoomStore, type RoomsSnapshot } from "./store/rooms";
import { ScopeConfigStore, type ScopeConfigSnapshot } from "./store/scope-config";
import { UserDirectory } from "./store/users";
import type { Json, JsonObject } from "./validate";

/** Tenant-wide part of the snapshot. */
interface SettingsSnapshot {
  name: string;
  flexibleLevels: boolean;
}

/**
 * The persisted tenant: each family contributes its top-level keys. Version 1 files written
 * before the split have exactly these keys, so they load unchanged.
 */
export type TenantSnapshot = { version: 1 } & SettingsSnapshot &
  RoomLevelsSnapshot &
  RoomsSnapshot &
  ScopeConfigSnapshot &
  ReservationsSnapshot &
  MeetingsSnapshot &
  HistorySnapshot;

export interface TenantOptions {
  /** The tenant's clock (status windows, expiry); `Date.now` by default. */
  now?: Clock;
  /** Tenant (root level) name for a new tenant; a snapshot keeps its own. */
  name?: string;
  /** Where state changes announce their events (reference 2.6, 3.6); nowhere by default. */
  publish?: PublishEvent;
  /** How long export tasks stay "processing" (real milliseconds; reference 3.5). */
  exportDelayMs?: number;
}

export class Tenant {
  readonly settings: TenantSettings;
  readonly levels: RoomLevelStore;
  readonly rooms: RoomStore;
  readonly scopeConfig: ScopeConfigStore;
  readonly users = new UserDirectory();
  readonly reservations: ReservationStore;
  readonly meetings: MeetingStore;
  readonly recording: RecordingStore;
  readonly history: HistoryStore;
  readonly exports: ExportStore;
  readonly exportRows: ExportRows;
  /** Milliseconds the simulated clock runs ahead of the base clock (control endpoint). */
  private clockOffsetMs = 0;
  /** The tenant's clock: status windows, reservation expiry, meeting times. */
  readonly now: Clock;
  /** Announces an event of a state change; families call it once per change (reference 2.6, 3.6). */
  readonly publish: PublishEvent;

  constructor(snapshot?: TenantSnapshot, options: TenantOptions = {}) {
    const base = options.now ?? Date.now;
    const now = (): number => base() + this.clockOffsetMs;
    this.now = now;
    const publish = options.publish ?? ((): void => undefined);
    this.publish = publish;
    this.settings = {
      name: snapshot?.name ?? options.name ?? "Emulator Tenant",
      flexibleLevels: snapshot?.flexibleLevels ?? true,
    };
    // Stores are wired through closures: each only reaches the others once requests arrive.
    this.levels = new RoomLevelStore(
      this.settings,
      {
        occupied: (levelIds) => this.rooms.anyIn(levelIds),
        removeIn: (levelIds) => {
          this.rooms.removeIn(levelIds);
          this.scopeConfig.forget(levelIds);
        },
      },
      publish,
      snapshot,
    );
    this.rooms = new RoomStore(
      this.settings,
      this.levels,
      now,
      (roomId) => this.scopeConfig.forget([roomId]),
      publish,
      snapshot,
    );
    this.scopeConfig = new ScopeConfigStore(this.levels, this.rooms, snapshot);
    this.reservations = new ReservationStore(
      this.users,
      now,
      () => this.meetings.liveNumbers(),
      snapshot,
    );
    this.meetings = new MeetingStore(
      this.users,
      this.rooms,
      now,
      () =>
        new Set(
          this.reservations
            .all()
            .filter((r) => !r.expired)
            .map((r) => r.meeting_no),
        ),
      publish,
      (meeting) => this.recording.meetingEnded(meeting),
      snapshot,
    );
    this.recording = new RecordingStore(this.meetings, this.users, now, publish);
    this.history = new HistoryStore(this.users, this.rooms, this.meetings, snapshot);
    // Our reading of reference 3.5's admin permission: the directory's first user (the admin)
    // holds it; with the tenant token the app creator is taken to hold it.
    this.exports = new ExportStore(
      now,
      (userId) => userId === this.users.defaultUser().user_id,
      options.exportDelayMs,
    );
    this.exportRows = new ExportRows(
      this.history,
      this.meetings,
      this.rooms,
      this.levels,
      this.users,
      now,
    );
  }

  /** Moves the tenant's clock forward (expiry and 90-day windows in tests); tokens keep real time. */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  snapshot(): TenantSnapshot {
    return {
      version: 1,
      name: this.settings.name,
      flexibleLevels: this.settings.flexibleLevels,
      ...this.levels.snapshot(),
      ...this.rooms.snapshot(),
      ...this.scopeConfig.snapshot(),
      ...this.reservations.snapshot(),
      ...this.meetings.snapshot(),
      ...this.history.snapshot(),
    };
  }

  /** Everything, for the control endpoint `/__emulator/state`. */
  stateView(): JsonObject {
    return {
      tenant: { name: this.settings.name, flexibleLevels: this.settings.flexibleLevels },
      levels: this.levels.all(),
      rooms: this.rooms.all(),
      configs: this.scopeConfig.all(),
      users: this.users.all().map((u) => ({ ...u })),
      reservations: this.reservations.all().map((r) => this.reservations.view(r, "user_id")),
      meetings: this.meetings
        .all()
        .filter((m) => m.status === 2)
        .map((m) => this.meetings.view(m, "user_id", true, true).meeting!),
      meeting_history: this.meetings.history() as unknown as Json,
    };
  }
}
