import { firstValueFrom, timeout } from 'rxjs';

import { isServiceErrorBody, SealedClient } from '@coffer/contracts';
import { serviceAddress, type BackendServiceName, type CofferConfig } from '@coffer/config';

/** The operator's request/response line to one backend service. */
export class ServiceClient {
  private readonly client: SealedClient;

  constructor(config: CofferConfig, service: BackendServiceName) {
    this.client = new SealedClient(serviceAddress(config, service), config.serviceKeys);
  }

  async send<Result>(pattern: string, data: unknown, timeoutMs = 15_000): Promise<Result> {
    try {
      return await firstValueFrom(this.client.send<Result>(pattern, data).pipe(timeout(timeoutMs)));
    } catch (error) {
      if (isServiceErrorBody(error)) throw new Error(`${error.message} (${error.code})`);
      throw error;
    }
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
