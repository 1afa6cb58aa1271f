import { applyDecorators, Controller, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';

import { ConsoleAuthGuard } from './session.guards';
import { SESSION_COOKIE } from './session-cookies';

/**
 * A console API under `/api/console/<path>`: only administrators, by console session or by
 * HTTP Basic (password or API token), documented as such in the OpenAPI document.
 */
export function ConsoleController(path: string, tag: string) {
  return applyDecorators(
    ApiTags(tag),
    ApiBasicAuth(),
    ApiCookieAuth(SESSION_COOKIE.console),
    Controller(`console/${path}`),
    UseGuards(ConsoleAuthGuard),
  );
}
