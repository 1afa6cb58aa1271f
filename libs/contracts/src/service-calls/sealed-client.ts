import { type ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import type { Observable } from 'rxjs';

import { type SealKeys, sealServiceCall } from './service-call-seal';

/**
 * A request/response line to one backend service whose every message is sealed with the
 * deployment's service key: the only way the gateway, ops and the tests talk to services.
 */
export class SealedClient {
  private readonly client: ClientProxy;

  constructor(
    address: { host: string; port: number },
    private readonly keys: SealKeys,
  ) {
    this.client = ClientProxyFactory.create({ transport: Transport.TCP, options: address });
  }

  send<Result>(pattern: string, data: unknown): Observable<Result> {
    return this.client.send<Result>(pattern, sealServiceCall(this.keys, pattern, data));
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
