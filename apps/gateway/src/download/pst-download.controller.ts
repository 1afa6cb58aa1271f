import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import {
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Inject,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import type { CofferConfig } from '@coffer/config';
import {
  IdentityMessages,
  INVALID_CREDENTIALS,
  PstExportMessages,
  downloadCredentialsBody,
  type CommandContext,
  type DownloadCredentials,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ValidBody } from '../errors/request-body';
import {
  AdministratorCredentials,
  TOKEN_PREFIX,
  type AdministratorPrincipal,
} from '../sessions/administrator-credentials';
import { SameOriginGuard } from '../sessions/same-origin.guard';
import { isCsrfTokenOf } from '../sessions/csrf';
import { CSRF_COOKIE } from '../sessions/session-cookies';
import { sessionPrincipalOf } from '../sessions/session-principal';
import { GATEWAY_CONFIG } from '../gateway-config';
import { downloadPage } from './download-page';
import { Public } from '../sessions/public.decorator';

const GRANT_COOKIE = 'coffer_download';
const GRANT_MAX_AGE_MS = 15 * 60_000;
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'referrer-policy': 'no-referrer',
  'content-security-policy': "default-src 'none'; form-action 'self'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};
const uuid = new ParseUUIDPipe({
  exceptionFactory: () =>
    new HttpException(
      { code: 'not-found', message: 'There is no such download.' },
      HttpStatus.NOT_FOUND,
    ),
});

/**
 * The page an emailed PST link opens: it asks who you are (email with the fail-safe password or
 * an API token), then streams the file from pst-export with HTTP Range. Anyone who is not an
 * active administrator of the export's organisation gets the same 401 as a wrong password.
 */
@ApiExcludeController()
@Controller('download/pst')
export class PstDownloadController {
  constructor(
    @Inject(BackendClients) private readonly backends: BackendClients,
    @Inject(AdministratorCredentials) private readonly credentials: AdministratorCredentials,
    @Inject(GATEWAY_CONFIG) private readonly config: CofferConfig,
  ) {}

  @Get(':id')
  @Public('the download page asks who you are itself')
  async page(
    @Param('id', uuid) id: string,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const session = await this.consoleSession(request);
    const csrf = (request.cookies as Record<string, string | undefined>)[CSRF_COOKIE.console];
    const consoleSession =
      session && csrf ? { email: session.administrator.email, csrf } : undefined;
    response
      .status(200)
      .set(PAGE_HEADERS)
      .send(downloadPage({ exportId: id, consoleSession, ssoUrl: await this.ssoUrlOf(id) }));
  }

  /** "Sign in with SSO" for the export's organisation, if it has SSO; back here afterwards. */
  private async ssoUrlOf(exportId: string): Promise<string | undefined> {
    const owner = await this.backends.send(PstExportMessages.organizationOf, { exportId });
    if (!owner) return undefined;
    const sso = await this.backends.send(IdentityMessages.sso.getSettings, { orgId: owner.orgId });
    return sso ? `/sso/${owner.orgId}/login?surface=console&pstExportId=${exportId}` : undefined;
  }

  /**
   * Who is asking: a console session (proven with the double-submit CSRF token, as every console
   * change is), an API token (only in the token field), or the fail-safe password.
   */
  private async identify(
    body: DownloadCredentials,
    request: Request,
  ): Promise<AdministratorPrincipal | undefined> {
    if (body.session === 'console') {
      return isCsrfTokenOf(request, 'console', body.csrf)
        ? this.consoleSession(request)
        : undefined;
    }
    if (!body.email) return undefined;
    // A browser sends every field of the form, the unused one empty.
    if (body.token) {
      return body.token.startsWith(TOKEN_PREFIX)
        ? this.credentials.byToken(body.email, body.token)
        : undefined;
    }
    return body.password
      ? this.credentials.byPassword(body.email, body.password, request)
      : undefined;
  }

  /** The administrator of this browser's console session, if it has a live one. */
  private async consoleSession(request: Request): Promise<AdministratorPrincipal | undefined> {
    const principal = await sessionPrincipalOf(this.backends, request, 'console');
    return principal?.kind === 'administrator' ? principal : undefined;
  }

  @Post(':id')
  // It signs in (and can use a console session cookie): only from this site's own page.
  @UseGuards(SameOriginGuard)
  @Public('signs in to one download: the email with a fail-safe password or an API token')
  async signIn(
    @Param('id', uuid) id: string,
    @ValidBody(downloadCredentialsBody) body: DownloadCredentials,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const wantsJson = request.is('application/json') === 'application/json';
    const context: CommandContext = {
      actor: {
        type: 'system',
        ip: request.ip,
        userAgent: request.get('user-agent')?.slice(0, 500),
      },
      correlationId: randomUUID(),
    };
    const bySession = body.session === 'console';
    let principal: AdministratorPrincipal | undefined;
    try {
      principal = await this.identify(body, request);
    } catch (error) {
      // Locked out (429) or an administrator who must use SSO (403): said on the page as such.
      if (wantsJson || !(error instanceof HttpException) || error.getStatus() >= 500) throw error;
      const { message } = error.getResponse() as { message: string };
      return void response
        .status(error.getStatus())
        .set(PAGE_HEADERS)
        .send(downloadPage({ exportId: id, error: message, ssoUrl: await this.ssoUrlOf(id) }));
    }
    const authorization = principal
      ? await this.backends.send(PstExportMessages.authorizeDownload, {
          orgId: principal.orgId,
          exportId: id,
          administratorId: principal.administrator.id,
          administratorEmail: principal.administrator.email,
        })
      : undefined;
    if (!authorization?.ok) {
      const reason = !authorization
        ? 'credentials'
        : authorization.reason === 'unavailable'
          ? 'unavailable'
          : 'not-allowed';
      await this.backends.send(PstExportMessages.recordDenied, {
        exportId: id,
        attemptedEmail: (body.email ?? (bySession ? 'a console session' : '')).slice(0, 254),
        reason,
        context,
      });
      if (reason === 'unavailable') {
        const gone = {
          code: 'pst-export-unavailable',
          message:
            'This export is not available: its link has expired or it is not finished. Reissue the link from the console.',
        };
        return void (wantsJson
          ? response.status(410).json(gone)
          : response
              .status(410)
              .set(PAGE_HEADERS)
              .send(downloadPage({ exportId: id, error: gone.message })));
      }
      return void (wantsJson
        ? response.status(401).json(INVALID_CREDENTIALS)
        : response
            .status(401)
            .set(PAGE_HEADERS)
            .send(downloadPage({ exportId: id, error: INVALID_CREDENTIALS.message })));
    }
    response.cookie(GRANT_COOKIE, authorization.grant, {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.publicUrl.startsWith('https:'),
      path: `/download/pst/${id}`,
      maxAge: GRANT_MAX_AGE_MS,
    });
    const parts = authorization.parts.map((part) => ({
      ...part,
      url: `${this.config.publicUrl}/download/pst/${id}/file/${part.part}`,
    }));
    if (wantsJson)
      return void response.status(200).json({ fileName: authorization.fileName, parts });
    if (parts.length === 1) return void response.redirect(303, parts[0].url);
    response
      .status(200)
      .set(PAGE_HEADERS)
      .send(downloadPage({ exportId: id, parts }));
  }

  /** Streams one part, resuming with Range; the grant comes from the cookie (or a header, for scripts). */
  @Get(':id/file/:part')
  @Public('each part checks the download grant cookie the sign-in set')
  async file(
    @Param('id', uuid) id: string,
    @Param('part', ParseIntPipe) part: number,
    @Req() request: Request,
    @Res() response: Response,
  ): Promise<void> {
    const grant =
      (request.cookies as Record<string, string | undefined>)[GRANT_COOKIE] ??
      request.get('x-download-grant');
    if (!grant) return void response.redirect(303, `/download/pst/${id}`);
    if (!(await this.grantHolderIsActive(id, grant)))
      return void response.status(401).json(INVALID_CREDENTIALS);
    const upstream = httpRequest(
      {
        host: this.config.serviceHosts['pst-export'],
        port: this.config.ports.pstExportFiles,
        path: `/exports/${id}/parts/${part}`,
        headers: {
          'x-download-grant': grant,
          ...(request.headers.range ? { range: request.headers.range } : {}),
        },
      },
      (reply) => {
        if (reply.statusCode === 404) {
          reply.resume();
          return void response.status(401).json(INVALID_CREDENTIALS);
        }
        const passed = [
          'content-type',
          'content-length',
          'content-range',
          'accept-ranges',
          'content-disposition',
          'x-content-sha256',
        ];
        response.status(reply.statusCode ?? 502);
        for (const name of passed)
          if (reply.headers[name]) response.setHeader(name, reply.headers[name] as string);
        response.setHeader('cache-control', 'no-store');
        reply.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent)
        response.status(503).json({
          code: 'service-unavailable',
          message: 'The download could not start; try again shortly.',
        });
      else response.destroy();
    });
    // A client that goes away stops the stream at its source.
    response.on('close', () => upstream.destroy());
    upstream.end();
  }

  /**
   * A grant is only as good as the administrator it was given to: checked on every part request,
   * so disabling an administrator stops their downloads at once, as it ends their sessions.
   */
  private async grantHolderIsActive(exportId: string, grant: string): Promise<boolean> {
    const holder = await this.backends.send(PstExportMessages.grantHolder, {
      exportId,
      grant: grant.slice(0, 2_000),
    });
    if (!holder) return false;
    const administrator = await this.backends.send(IdentityMessages.administrators.getActive, {
      administratorId: holder.administratorId,
    });
    return administrator?.orgId === holder.orgId;
  }
}
