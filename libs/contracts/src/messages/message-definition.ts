import type { z } from 'zod';

import type { ErrorCode } from './error-codes';

/** The backend services a message can be sent to (the gateway and ops are only callers). */
export type MessageService = 'identity' | 'profiles' | 'tokens' | 'pst-export' | 'audit';

/**
 * One request/response message between services, defined once: where it goes, what it carries
 * (validated by the receiving service with `request`), what it answers (a type), and which error
 * codes it may answer with. The gateway's HTTP body for it, when a client sends part of it, is
 * `body`: the gateway validates with it and the OpenAPI document is built from it.
 */
export interface MessageDefinition<
  Request extends z.ZodTypeAny = z.ZodTypeAny,
  Response = unknown,
  Code extends ErrorCode = ErrorCode,
  Body extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined,
> {
  readonly service: MessageService;
  readonly pattern: string;
  readonly request: Request;
  readonly body: Body;
  readonly errors: readonly Code[];
  /** Never set: carries the response type only. */
  readonly response?: Response;
}

/** What a caller sends (before defaults and trimming). */
export type RequestOf<Definition> =
  Definition extends MessageDefinition<infer Request, unknown, ErrorCode, infer _Body>
    ? z.input<Request>
    : never;

/** What a handler receives once `request` has parsed the message. */
export type ParsedRequestOf<Definition> =
  Definition extends MessageDefinition<infer Request, unknown, ErrorCode, infer _Body>
    ? z.output<Request>
    : never;

/** What each handler of a group of messages receives: `ParsedRequestsOf<typeof TokensMessages>['create']`. */
export type ParsedRequestsOf<Messages> = {
  [Name in keyof Messages]: ParsedRequestOf<Messages[Name]>;
};

export type ResponseOf<Definition> =
  Definition extends MessageDefinition<z.ZodTypeAny, infer Response, ErrorCode, infer _Body>
    ? Response
    : never;

export type ErrorCodeOf<Definition> =
  Definition extends MessageDefinition<z.ZodTypeAny, unknown, infer Code, infer _Body>
    ? Code
    : never;

/** What an HTTP client sends for this message, when the gateway takes part of it from the body. */
export type BodyOf<Definition> =
  Definition extends MessageDefinition<z.ZodTypeAny, unknown, ErrorCode, infer Body>
    ? Body extends z.ZodTypeAny
      ? z.output<Body>
      : never
    : never;

/**
 * Declares a message. Curried so the response type is named while the rest is inferred:
 * `defineMessage<UserView>()({ service: 'identity', pattern: '…', request, errors: [...] })`.
 */
export function defineMessage<Response>() {
  return <
    Request extends z.ZodTypeAny,
    Code extends ErrorCode,
    Body extends z.ZodTypeAny | undefined = undefined,
  >(definition: {
    service: MessageService;
    pattern: string;
    request: Request;
    body?: Body;
    errors: readonly Code[];
  }): MessageDefinition<Request, Response, Code, Body> => ({
    ...definition,
    body: definition.body as Body,
  });
}
