/** User-id conventions shared by every family (reference 1.6). */

/** How user ids in requests and answers are expressed. */
export type UserIdType = "open_id" | "union_id" | "user_id";

/** The `user_id_type` query accepted by endpoints that take or return user ids. */
export interface UserIdQuery {
  user_id_type?: UserIdType;
}
