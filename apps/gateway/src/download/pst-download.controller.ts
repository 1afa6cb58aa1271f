import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';

import {
  Controller,
  Get,
  Header,
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
  type CommandContext,
  type DownloadCredentials,
  downloadCredentialsBody,
  type ErrorCode,
  ERRORS,
  IdentityMessages,
  INVALID_CREDENTIALS,
  type PstDownloadStarted,
  type PstDownloadSummary,
  PstExportMessages,
} from '@coffer/contracts';

import { BackendClients } from '../backend/backend-clients';
import { ValidBody } from '../errors/request-body';
import { GATEWAY_CONFIG } from '../gateway-config';
import {
  AdministratorCredentials,
  type AdministratorPrincipal,
  TOKEN_PREFIX,
} from '../sessions/administrator-credentials';
import { isCsrfTokenOf } from '../sessions/csrf';
import { Public } from '../sessions/public.decorator';
import { SameOriginGuard } from '../sessions/same-origin.guard';
import { sessionPrincipalOf } from '../sessions/session-principal';
import { downloadSummaryOf } from './download-summary';

const GRANT_COOKIE = 'coffer_download';
const GRANT_MAX_AGE_MS = 15 * 60_000;
const noSuchDownload = () =>
  new HttpException(
    { code: 'not-found', message: 'There is no such download.' },
    HttpStatus.NOT_FOUND,
  );
const uuid = new ParseUUIDPipe({ exceptionFactory: noSuchDownload });

function refusal(code: ErrorCode): HttpException {
  return new HttpException({ code, message: ERRORS[code].message }, ERRORS[code].status);
}

/**
 * What an emailed PST link's page (the web app's, served at `GET /download/pst/:id`) calls: what
 * the export is, then who is asking (email with the fail-safe password and, for an account with
 * one, its second factor; or an API token; or this browser's console session), and streams the
 * file from pst-export with HTTP Range. Anyone who is not an active administrator of the export's
 * organisation gets the same 401 as a wrong password.
 */
@ApiExcludeController()
@Controller('download/pst')
export class PstDownloadController {
  constructor(
    @Inject(BackendClients) private readonly backends: BackendClients,
    @Inject(AdministratorCredentials) private readonly credentials: AdministratorCredentials,
    @Inject(GATEWAY_CONFIG) private readonly config: CofferConfig,
  ) {}

  @Get(':id/summary')
  @Header('cache-control', 'no-store')
  @Public(
    'what the page may show to whoever holds the link; see downloadSummaryOf for what that is',
  )
  async summary(
    @Param('id', uuid) id: string,
    @Req() request: Request,
  ): Promise<PstDownloadSummary> {
    const facts = await this.backends.send(PstExportMessages.downloadFacts, { exportId: id });
    if (!facts) throw noSuchDownload();
    const session = await this.consoleSession(request);
    const sso = await this.backends.send(IdentityMessages.sso.getSettings, { orgId: facts.orgId });
    return downloadSummaryOf(facts, {
      ssoUrl: sso ? `/sso/${facts.orgId}/login?surface=console&pstExportId=${id}` : null,
      ...(session?.orgId === facts.orgId && !session.mfa?.enrolmentOverdue
        ? { consoleSessionEmail: session.administrator.email }
        : {}),
    });
  }

  /**
   * Who is asking: a console session (proven with the double-submit CSRF token, as every console
   * change is), an API token (only in the token field), or the fail-safe password with, for an
   * account that has one, its second factor. A secret in the wrong field is said so: that is
   * told from the typed text alone, before any account is looked at, so it reveals nothing.
   */
  private async identify(
    body: DownloadCredentials,
    request: Request,
  ): Promise<AdministratorPrincipal | undefined> {
    if (body.session === 'console') {
      if (!isCsrfTokenOf(request, 'console', body.csrf)) return undefined;
      const session = await this.consoleSession(request);
      // As everywhere in the console: past the grace period, only enrolment is open.
      if (session?.mfa?.enrolmentOverdue) throw refusal('mfa-enrolment-required');
      return session;
    }
    if (!body.email) return undefined;
    // A browser's form may send every field, the unused one empty.
    if (body.token) {
      if (!body.token.trim().startsWith(TOKEN_PREFIX)) throw refusal('api-token-malformed');
      return this.credentials.byToken(body.email, body.token.trim());
    }
    if (!body.password) return undefined;
    if (body.password.startsWith(TOKEN_PREFIX)) throw refusal('password-looks-like-token');
    return this.credentials.forDownload(body.email, body.password, body.otp, request);
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
    const client = { ip: request.ip, userAgent: request.get('user-agent')?.slice(0, 500) };
    const context: CommandContext = {
      actor: { type: 'system', ...client },
      correlationId: randomUUID(),
    };
    const bySession = body.session === 'console';
    // Locked out (429), SSO required (403), a second factor asked for or refused (401 with its
    // own code): answered as such, in JSON, for the page to say.
    const principal = await this.identify(body, request);
    const authorization = principal
      ? await this.backends.send(PstExportMessages.authorizeDownload, {
          orgId: principal.orgId,
          exportId: id,
          administratorId: principal.administrator.id,
          administratorEmail: principal.administrator.email,
          client,
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
      if (reason === 'unavailable') throw refusal('pst-export-unavailable');
      return void response.status(401).json(INVALID_CREDENTIALS);
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
    // A plain form post (`curl -L -d email=… -d password=…`) goes straight on to a lone file.
    if (request.is('application/x-www-form-urlencoded') && parts.length === 1)
      return void response.redirect(303, parts[0].url);
    const started: PstDownloadStarted = {
      fileName: authorization.fileName,
      parts,
      contents: authorization.contents,
    };
    response.status(200).json(started);
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
