import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';

import type { CofferConfig } from '@coffer/config';

import { GATEWAY_CONFIG } from '../gateway-config';
import { assertSameOrigin } from './csrf';

/**
 * For requests that come before a session exists (signing in, choosing a password from a link,
 * the download page's form): refuses other sites before the body is even validated, so the
 * refusal is the same whatever was posted.
 */
@Injectable()
export class SameOriginGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: CofferConfig) {}

  canActivate(context: ExecutionContext): boolean {
    assertSameOrigin(context.switchToHttp().getRequest<Request>(), this.config.publicUrl);
    return true;
  }
}
