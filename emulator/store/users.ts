/**
 * The emulated tenant's directory: a small fixed set of Lark users that user tokens act as and
 * that reservations and meetings refer to. Ids are derived from each user's key, so they are the
 * same in every emulator and across restarts (no persistence needed).
 */
import { createHash } from "node:crypto";
import { fieldInvalid } from "../errors";

export interface DirectoryUser {
  /** Tenant-wide employee id (`user_id_type=user_id`). */
  user_id: string;
  /** The id as this app sees it (`ou_` + 32 hex; the default `user_id_type`). */
  open_id: string;
  /** The id shared by the developer's apps (`on_` + 32 hex). */
  union_id: string;
  name: string;
}

export type UserIdType = "open_id" | "union_id" | "user_id";

const NAMES = [
  "Ada Admin",
  "Ben Brooks",
  "Chen Wei",
  "Dana Diaz",
  "Eli Evans",
  "Fatima Farouk",
  "Gus Green",
  "Hana Hayashi",
  "Ivan Ilyin",
  "Jun Jiang",
  "Kira Kovacs",
  "Leo Lopez",
];

const hash = (text: string): string => createHash("sha256").update(text).digest("hex");

function userFor(name: string, index: number): DirectoryUser {
  const seed = `feishu-vc-emulator-user-${index}`;
  return {
    // Reference 1.13 gives no user_id shape; real ones are short alphanumeric strings.
    user_id: `${hash(`${seed}:user_id`).slice(0, 8)}`,
    open_id: `ou_${hash(`${seed}:open_id`).slice(0, 32)}`,
    union_id: `on_${hash(`${seed}:union_id`).slice(0, 32)}`,
    name,
  };
}

/** Every user of the emulated tenant, in a fixed order; the first is the default user. */
const DIRECTORY: readonly DirectoryUser[] = NAMES.map(userFor);

export class UserDirectory {
  private readonly users: readonly DirectoryUser[] = DIRECTORY;

  all(): readonly DirectoryUser[] {
    return this.users;
  }

  /** The user a token acts as when none is named. */
  defaultUser(): DirectoryUser {
    return this.users[0]!;
  }

  byUserId(userId: string): DirectoryUser | undefined {
    return this.users.find((u) => u.user_id === userId);
  }

  /** Resolves an id given in `idType` to a directory user, if there is one. */
  find(id: string, idType: UserIdType): DirectoryUser | undefined {
    return this.users.find((u) => u[idType] === id);
  }

  /** The id of a user (by canonical user_id) as `idType` renders it. */
  render(userId: string, idType: UserIdType): string {
    return this.byUserId(userId)?.[idType] ?? userId;
  }
}

/** `user_id_type` from a query: documented as 0–10 characters, one of three values (reference 1.6). */
export function userIdTypeOf(query: URLSearchParams): UserIdType {
  const value = query.get("user_id_type");
  if (value === null || value === "") return "open_id";
  if (value === "open_id" || value === "union_id" || value === "user_id") return value;
  throw fieldInvalid("user_id_type", "must be one of open_id, union_id, user_id", value);
}
