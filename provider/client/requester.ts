import type { Readable } from "node:stream";
import type { EndpointData, EndpointKey, EndpointParams } from "./endpoints";

/** What the API families need from the client: the one typed call, and its clock. */
export interface Requester {
  request<K extends EndpointKey>(key: K, params: EndpointParams<K>): Promise<EndpointData<K>>;
  /** The same call for an endpoint answering with a file: the body as an unread stream. */
  requestStream<K extends EndpointKey>(key: K, params: EndpointParams<K>): Promise<Readable>;
  /** Milliseconds since the epoch, from the client's (injectable) clock. */
  now(): number;
}
