import type { EndpointData, EndpointKey, EndpointParams } from "./endpoints";

/** What the API families need from the client: the one typed call, and its clock. */
export interface Requester {
  request<K extends EndpointKey>(key: K, params: EndpointParams<K>): Promise<EndpointData<K>>;
  /** Milliseconds since the epoch, from the client's (injectable) clock. */
  now(): number;
}
