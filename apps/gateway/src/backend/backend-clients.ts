import { HttpException, HttpStatus } from '@nestjs/common';

import type { CofferConfig } from '@coffer/config';
import {
  type ErrorCode,
  ERRORS,
  type MessageDefinition,
  type RequestOf,
  type ResponseOf,
} from '@coffer/contracts';
import { ServiceCallError, ServiceClients, ServiceUnavailableError } from '@coffer/service-kit';

/**
 * The gateway's line to the backend services: a message sent by its definition, and a service's
 * answer turned into HTTP as every route answers it — a declared error with the status `ERRORS`
 * gives its code and the service's message, a service that does not answer in time or cannot be
 * reached a 503 a person understands.
 */
export class BackendClients {
  private readonly clients: ServiceClients;
  private readonly listeners: ((definition: MessageDefinition) => void)[] = [];

  constructor(config: CofferConfig) {
    this.clients = new ServiceClients(config);
  }

  /** Told of every message sent, once its answer (or failure) is in: what remembers answers forgets them. */
  onSent(listener: (definition: MessageDefinition) => void): void {
    this.listeners.push(listener);
  }

  async send<Definition extends MessageDefinition>(
    definition: Definition,
    request: RequestOf<Definition>,
    options: { timeoutMs?: number } = {},
  ): Promise<ResponseOf<Definition>> {
    try {
      return await this.clients.send(definition, request, options);
    } catch (error) {
      if (error instanceof ServiceCallError) {
        const code: ErrorCode = error.code;
        throw new HttpException({ code, message: error.message }, ERRORS[code].status);
      }
      if (error instanceof ServiceUnavailableError) {
        throw new HttpException(
          { code: 'service-unavailable', message: error.message },
          HttpStatus.SERVICE_UNAVAILABLE,
        );
      }
      throw error;
    } finally {
      this.sent(definition);
    }
  }

  private sent(definition: MessageDefinition): void {
    for (const listener of this.listeners) listener(definition);
  }

  close(): Promise<void> {
    return this.clients.close();
  }
}
