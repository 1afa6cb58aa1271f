import {
  BACKEND_SERVICE_NAMES,
  serviceAddress,
  type BackendServiceName as BackendName,
  type CofferConfig,
} from '@coffer/config';
import { SealedClient } from '@coffer/contracts';

export type { BackendName };

/** One request/response client per backend service, on the ports the configuration names. */
export class BackendClients {
  private readonly clients = new Map<BackendName, SealedClient>();

  constructor(config: CofferConfig) {
    for (const name of BACKEND_SERVICE_NAMES)
      this.clients.set(name, new SealedClient(serviceAddress(config, name), config.serviceKeys));
  }

  get(name: BackendName): SealedClient {
    const client = this.clients.get(name);
    if (!client) throw new Error(`no client for ${name}`);
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}
