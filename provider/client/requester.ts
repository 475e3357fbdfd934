import type { EndpointData, EndpointKey, EndpointParams } from "./endpoints";

/** What the endpoint groups need from the client: the one typed call. */
export interface Requester {
  request<K extends EndpointKey>(key: K, params: EndpointParams<K>): Promise<EndpointData<K>>;
}
