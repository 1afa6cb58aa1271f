import { MessagePattern } from '@nestjs/microservices';

import type { MessageDefinition, ParsedRequestOf, ResponseOf } from '@coffer/contracts';

import { parseRequest } from './request-schemas';

type Handler<Definition> = (
  request: ParsedRequestOf<Definition>,
) => Promise<ResponseOf<Definition>> | ResponseOf<Definition>;

/**
 * Binds a controller method to a message definition: the method answers its pattern, receives
 * the message parsed by the definition's schema (a bad one answers `invalid-request` naming each
 * problem), and must return the definition's response type, or it does not compile.
 */
export function Handles<Definition extends MessageDefinition>(definition: Definition) {
  return <Method extends Handler<Definition>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<Method>,
  ): void => {
    const handler = descriptor.value!;
    descriptor.value = function (this: unknown, message: unknown) {
      return handler.call(this, parseRequest(definition.request, message));
    } as unknown as Method;
    MessagePattern(definition.pattern)(target, key, descriptor);
  };
}
