/** Typed calls of room configuration by scope (reference 2.4). */
import type { ScopeConfig, ScopeConfigQuery, ScopeConfigView, UserIdQuery } from "./api/types";
import type { Requester } from "./requester";

export class ScopeConfigApi {
  constructor(private readonly client: Requester) {}

  /** Sets the given top-level keys of a scope's configuration; omitted keys are kept by the service. */
  async set(body: ScopeConfig, query: UserIdQuery = {}): Promise<void> {
    await this.client.request("POST /open-apis/vc/v1/scope_config", { query, body });
  }

  /** The effective configuration of a scope and the raw configuration of each node up to the root. */
  get(query: ScopeConfigQuery): Promise<ScopeConfigView> {
    return this.client.request("GET /open-apis/vc/v1/scope_config", { query });
  }
}
