import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';

import {
  BACKEND_SERVICE_NAMES,
  type BackendServiceName as BackendName,
  type CofferConfig,
  type PortName,
} from '@coffer/config';

export type { BackendName };

const PORT_OF: Record<BackendName, PortName> = {
  identity: 'identity',
  profiles: 'profiles',
  tokens: 'tokens',
  'pst-export': 'pstExport',
  audit: 'audit',
};

/** One request/response client per backend service, on the ports the configuration names. */
export class BackendClients {
  private readonly clients = new Map<BackendName, ClientProxy>();

  constructor(config: CofferConfig) {
    for (const name of BACKEND_SERVICE_NAMES) {
      this.clients.set(
        name,
        ClientProxyFactory.create({
          transport: Transport.TCP,
          options: { host: config.serviceHosts[name], port: config.ports[PORT_OF[name]] },
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
