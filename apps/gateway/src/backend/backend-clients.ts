import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';

import {
  BACKEND_SERVICE_NAMES,
  serviceAddress,
  type BackendServiceName as BackendName,
  type CofferConfig,
} from '@coffer/config';

export type { BackendName };

/** One request/response client per backend service, on the ports the configuration names. */
export class BackendClients {
  private readonly clients = new Map<BackendName, ClientProxy>();

  constructor(config: CofferConfig) {
    for (const name of BACKEND_SERVICE_NAMES) {
      this.clients.set(
        name,
        ClientProxyFactory.create({
          transport: Transport.TCP,
          options: serviceAddress(config, name),
        }),
      );
    }
  }

  get(name: BackendName): ClientProxy {
    const client = this.clients.get(name);
    if (!client) throw new Error(`no client for ${name}`);
    return client;
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}
