/**
 * Input limits checked offline by every resource's `check`. The reference does not document most
 * of them (feishu-vc-api.md section 4, items 7 and 8); these are the bounds it tells clients to
 * assume, so a plan that passes `check` is not rejected by the service later.
 */
export const NAME_MAX_LENGTH = 100;
export const DESCRIPTION_MAX_LENGTH = 1000;
export const CUSTOM_ID_MAX_LENGTH = 100;
export const CAPACITY_MIN = 1;
export const CAPACITY_MAX = 9999;
export const SIGNAGE_DISPLAY_MINUTES_MIN = 1;
export const SIGNAGE_DISPLAY_MINUTES_MAX = 720;
export const MATERIAL_DURATION_SECONDS_MIN = 1;
export const MATERIAL_DURATION_SECONDS_MAX = 43200;
export const USER_ID_TYPES = ["open_id", "union_id", "user_id"] as const;
