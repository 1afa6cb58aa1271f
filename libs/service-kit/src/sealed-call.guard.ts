import type { CanActivate, ExecutionContext } from '@nestjs/common';
import type { TcpContext } from '@nestjs/microservices';

import type { KeyRing } from '@coffer/config';
import { MAX_SEAL_SKEW_MS, openServiceCall, SeenSeals } from '@coffer/contracts';

import { ServiceError } from './service-error';

/**
 * A backend service obeys only requests sealed with the deployment's service key (the gateway,
 * ops, the tests' seeder): a process that merely reaches its TCP port gets nothing, and what a
 * request says about its caller (the actor) cannot have been changed on the way.
 */
export class SealedCallGuard implements CanActivate {
  /** Each seal is obeyed once: a copy of a call captured on the way cannot be played again. */
  private readonly seen = new SeenSeals(MAX_SEAL_SKEW_MS);

  constructor(private readonly keys: KeyRing) {}

  canActivate(context: ExecutionContext): boolean {
    const rpc = context.switchToRpc();
    const pattern = rpc.getContext<TcpContext>().getPattern();
    if (!openServiceCall(this.keys, pattern, rpc.getData(), { seen: this.seen })) {
      throw new ServiceError(
        'unauthenticated-caller',
        'This service answers only the gateway and the operator tools of its own deployment.',
      );
    }
    return true;
  }
}
