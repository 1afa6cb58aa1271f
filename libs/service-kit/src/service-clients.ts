import { firstValueFrom, timeout } from 'rxjs';

import { BACKEND_SERVICE_NAMES, type CofferConfig, serviceAddress } from '@coffer/config';
import {
  isErrorCode,
  isServiceErrorBody,
  type MessageDefinition,
  type MessageService,
  type RequestOf,
  type ResponseOf,
  SealedClient,
} from '@coffer/contracts';

import { ServiceCallError, ServiceUnavailableError } from './service-call-error';

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * The typed request/response line to every backend service: `send(UsersMessages.create, request)`
 * checks the request's type against the message's definition and answers its response type, or
 * throws a `ServiceCallError` with a declared code, or a `ServiceUnavailableError`.
 */
export class ServiceClients {
  private readonly clients = new Map<MessageService, SealedClient>();

  constructor(config: CofferConfig) {
    for (const name of BACKEND_SERVICE_NAMES)
      this.clients.set(name, new SealedClient(serviceAddress(config, name), config.serviceKeys));
  }

  async send<Definition extends MessageDefinition>(
    definition: Definition,
    request: RequestOf<Definition>,
    { timeoutMs = DEFAULT_TIMEOUT_MS }: { timeoutMs?: number } = {},
  ): Promise<ResponseOf<Definition>> {
    const client = this.clients.get(definition.service);
    if (!client) throw new Error(`no client for ${definition.service}`);
    try {
      return await firstValueFrom(
        client.send<ResponseOf<Definition>>(definition.pattern, request).pipe(timeout(timeoutMs)),
      );
    } catch (error) {
      if (isServiceErrorBody(error) && isErrorCode(error.code))
        throw new ServiceCallError(error.code, error.message);
      throw new ServiceUnavailableError(definition.service, error);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((client) => client.close()));
  }
}

// The services a message can name are exactly the ones the configuration gives addresses to.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const servicesAgree: Same<MessageService, (typeof BACKEND_SERVICE_NAMES)[number]> = true;
void servicesAgree;
