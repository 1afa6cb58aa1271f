import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { TcpContext } from '@nestjs/microservices';

import type { KeyRing } from '@coffer/config';
import { openServiceCall } from '@coffer/contracts';

import { ServiceError } from './service-error';

/**
 * A backend service obeys only requests sealed with the deployment's service key (the gateway,
 * ops, the tests' seeder): a process that merely reaches its TCP port gets nothing, and what a
 * request says about its caller (the actor) cannot have been changed on the way.
 */
export class SealedCallGuard implements CanActivate {
  constructor(private readonly keys: KeyRing) {}

  canActivate(context: ExecutionContext): boolean {
    const rpc = context.switchToRpc();
    const pattern = rpc.getContext<TcpContext>().getPattern();
    if (!openServiceCall(this.keys, pattern, rpc.getData())) {
      throw new ServiceError(
        'unauthenticated-caller',
        'This service answers only the gateway and the operator tools of its own deployment.',
      );
    }
    return true;
  }
}
