import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  SetMetadata,
  UseGuards,
} from '@nestjs/common';

import { ERRORS } from '@coffer/contracts';

import type { AuthenticatedRequest } from './authenticated-request';

/**
 * Step-up: changing SSO settings, administrator roles, another account's MFA, creating API
 * tokens and replacing recovery codes (in the portal too) need a sign-in or a second factor
 * within the last 10 minutes (identity tells, with its clock, whether the session's last proof
 * is that recent). HTTP Basic proves its secret on each request, so it is recent by definition.
 */
@Injectable()
export class StepUpGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const { principal } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (
      principal.kind === 'administrator' &&
      (principal.authenticatedBy === 'password' || principal.authenticatedBy === 'api-token')
    )
      return true;
    if (principal.recentlyAuthenticated) return true;
    throw new HttpException(
      {
        code: 'reauthentication-required',
        message: ERRORS['reauthentication-required'].message,
      },
      HttpStatus.UNAUTHORIZED,
    );
  }
}

/** On a console or portal route (after its session guard): refuse unless the caller proved themself lately. */
export const RequiresRecentAuthentication = () => UseGuards(StepUpGuard);

export const OPEN_WHILE_ENROLMENT_OVERDUE = 'coffer:open-while-mfa-enrolment-overdue';

/**
 * Routes an account whose organisation's grace period for MFA is over may still use (console
 * and portal alike): who am I, sign out, and enrolment itself.
 */
export const OpenWhileEnrolmentOverdue = () => SetMetadata(OPEN_WHILE_ENROLMENT_OVERDUE, true);
