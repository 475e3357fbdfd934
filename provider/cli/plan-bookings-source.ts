/**
 * The plan's {@link BookingsSource} on a real tenant: the `resource_reservation_list` export of
 * the rooms of one level, read back as rows (reference 3.5). Without credentials there is no
 * source, and a refusal (403/121005) or a failed task becomes a reason the plan prints.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import {
  fetchExportRows,
  isExportFailedError,
  isFeishuApiError,
  PermissionError,
  type ExportClient,
} from "../client";
import { CONFIG_KEYS, ENV_KEYS } from "../resources";
import {
  BookingsUnavailableError,
  type BookingQuery,
  type BookingRow,
  type BookingsAccess,
  type BookingsSource,
} from "../review/plan-bookings";
import { clientForStack } from "./tenant-client";

/** The stack's access to its tenant's bookings, or why it has none. */
export async function bookingsAccessForStack(stack: Stack): Promise<BookingsAccess> {
  const config = await stack.getAllConfig();
  const has = (name: "appId" | "appSecret"): boolean =>
    (config[CONFIG_KEYS[name]]?.value ?? process.env[ENV_KEYS[name]] ?? "") !== "";
  if (!has("appId") || !has("appSecret"))
    return {
      unavailable: `no credentials for the tenant (stack config ${CONFIG_KEYS.appId} and ${CONFIG_KEYS.appSecret}, or ${ENV_KEYS.appId} and ${ENV_KEYS.appSecret})`,
    };
  return { source: reservationSource(await clientForStack(stack)) };
}

/** Bookings from the reservation export; refusals and failed tasks carry the reason to print. */
export function reservationSource(client: ExportClient): BookingsSource {
  return { bookings: (query, signal) => reservationRows(client, query, signal) };
}

async function reservationRows(
  client: ExportClient,
  query: BookingQuery,
  signal: AbortSignal,
): Promise<BookingRow[]> {
  try {
    return await fetchExportRows(
      client,
      {
        kind: "resource_reservation_list",
        params: {
          roomLevelId: query.roomLevelId,
          roomIds: query.roomIds,
          startTime: query.startTime,
          endTime: query.endTime,
        },
      },
      { signal },
    );
  } catch (error) {
    // 121005 (no permission) and 99991672 (scope missing) are both permission errors.
    if (isFeishuApiError(error) && error instanceof PermissionError)
      throw new BookingsUnavailableError(
        `the app may not export room bookings (HTTP ${error.httpStatus}/${error.code} no permission)`,
      );
    if (isExportFailedError(error))
      throw new BookingsUnavailableError(
        `the reservation export task failed: ${error.failMsg === "" ? "(no fail_msg)" : error.failMsg}`,
      );
    throw error;
  }
}
