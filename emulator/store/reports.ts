/**
 * Reports (reference 3.4) computed from the history: the daily meeting report and the top users.
 * Both count the ended meetings that started in the window, exactly the meetings the meeting_list
 * export of the same window holds, so their totals agree.
 */
import { ApiError, paramError } from "../errors";
import type { JsonObject } from "../validate";
import { tenantDayStart } from "./history-generator";
import type { HistoryMeeting } from "./history";
import type { UserDirectory, UserIdType } from "./users";

const DAY = 86_400;

/**
 * Reference 3.4: the daily report; every number a string. Every tenant day of the window has an
 * entry, zeros included (the reference does not say whether empty days are listed; listing them
 * keeps a chart's x axis whole). A meeting counts on the tenant day it started; its participants
 * are the distinct people and rooms that joined.
 */
export function dailyReport(
  meetings: readonly HistoryMeeting[],
  from: number,
  to: number,
): JsonObject {
  const days = new Map<number, { count: number; duration: number; participants: number }>();
  for (let day = tenantDayStart(from); day <= to; day += DAY)
    days.set(day, { count: 0, duration: 0, participants: 0 });
  let count = 0;
  let duration = 0;
  let participants = 0;
  for (const meeting of meetings) {
    const entry = days.get(tenantDayStart(meeting.start))!;
    const length = meeting.end - meeting.start;
    entry.count += 1;
    entry.duration += length;
    entry.participants += meeting.participants.length;
    count += 1;
    duration += length;
    participants += meeting.participants.length;
  }
  return {
    meeting_report: {
      total_meeting_count: String(count),
      total_meeting_duration: String(duration),
      total_participant_count: String(participants),
      daily_report: [...days.entries()].map(([date, entry]) => ({
        date: String(date),
        meeting_count: String(entry.count),
        meeting_duration: String(entry.duration),
        participant_count: String(entry.participants),
      })),
    },
  };
}

/** Reference 3.4 `order_by`: 1 meeting count, 2 meeting duration (both descending). */
export type TopUserOrder = 1 | 2;

/** Reference 3.4 extra error: the top-user list holds rooms and `user_id_type=user_id` was asked. */
const roomsInUserIdList = (): ApiError =>
  new ApiError(400, 122359, "top user list contains rooms, user_id_type user_id not supported");

/**
 * Reference 3.4: the users (and rooms: they are participants too) with the most meetings or the
 * longest time in meetings over the window; `meeting_duration` in whole minutes (rounded down).
 * Ties break by id so the order is stable.
 */
export function topUsers(
  meetings: readonly HistoryMeeting[],
  users: UserDirectory,
  options: { limit: number; orderBy: TopUserOrder; idType: UserIdType },
): JsonObject {
  if (options.limit < 1 || options.limit > 100) throw paramError("limit must be between 1 and 100");
  const totals = new Map<
    string,
    { id: string; name: string; userType: 1 | 2; count: number; seconds: number }
  >();
  for (const meeting of meetings) {
    for (const p of meeting.participants) {
      const key = `${p.user_type}:${p.id}`;
      const entry = totals.get(key) ?? {
        id: p.id,
        name: p.name,
        userType: p.user_type,
        count: 0,
        seconds: 0,
      };
      entry.count += 1;
      entry.seconds += p.duration;
      totals.set(key, entry);
    }
  }
  const ranked = [...totals.values()]
    .sort((a, b) => {
      const primary = options.orderBy === 1 ? b.count - a.count : b.seconds - a.seconds;
      const secondary = options.orderBy === 1 ? b.seconds - a.seconds : b.count - a.count;
      return primary || secondary || a.id.localeCompare(b.id);
    })
    .slice(0, options.limit);
  if (options.idType === "user_id" && ranked.some((entry) => entry.userType === 2))
    throw roomsInUserIdList();
  return {
    top_user_report: ranked.map((entry) => ({
      id: entry.userType === 1 ? users.render(entry.id, options.idType) : entry.id,
      name: entry.name,
      user_type: entry.userType,
      meeting_count: String(entry.count),
      meeting_duration: String(Math.floor(entry.seconds / 60)),
    })),
  };
}
