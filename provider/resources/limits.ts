/**
 * Input limits checked offline by every resource's `check`, the one provider-side home of every
 * bound: the field tables read them from here, and a test ties them to the layout schema. The
 * reference does not document most of them (feishu-vc-api.md section 4, items 7 and 8); these are
 * the bounds it tells clients to assume, so a plan that passes `check` is not rejected later.
 */
export const NAME_MAX_LENGTH = 100;
export const DESCRIPTION_MAX_LENGTH = 1000;
export const CUSTOM_ID_MAX_LENGTH = 100;
export const CAPACITY_MIN = 1;
export const CAPACITY_MAX = 9999;
export const DISABLE_REASON_MAX_LENGTH = 1000;
export const CONTACT_ID_MAX_LENGTH = 100;
/** URLs and the other texts of a configuration (backgrounds, signage materials). */
export const CONFIG_TEXT_MAX_LENGTH = 2048;
export const SIGNAGE_DISPLAY_MINUTES_MIN = 1;
export const SIGNAGE_DISPLAY_MINUTES_MAX = 720;
export const MATERIAL_DURATION_SECONDS_MIN = 1;
export const MATERIAL_DURATION_SECONDS_MAX = 43200;
/** 1 image, 2 video, 3 GIF. */
export const MATERIAL_TYPES = [1, 2, 3] as const;
export const USER_ID_TYPES = ["open_id", "union_id", "user_id"] as const;
