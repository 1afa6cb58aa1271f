import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { z } from 'zod';
import { PstExportPatterns } from '@coffer/contracts';
import { commandContextSchema, emailSchema, parseRequest } from '@coffer/service-kit';
import { PstExportsService } from './exports/pst-exports.service';
import { MailboxImporter } from './mailboxes/mailbox-importer';

const sourceSchema = z.enum(['gmail', 'exchange-online']);
const mailboxSchema = z.object({
  orgId: z.string().min(1),
  userId: z.string().min(1).max(100),
  userEmail: emailSchema,
  source: sourceSchema,
});
const exportSchema = z.object({
  orgId: z.string().min(1),
  exportId: z.string().uuid('There is no such export.'),
});

@Controller()
export class PstExportController {
  constructor(
    @Inject(PstExportsService) private readonly exports: PstExportsService,
    @Inject(MailboxImporter) private readonly importer: MailboxImporter,
  ) {}

  @MessagePattern(PstExportPatterns.importMessages)
  importMessages(@Payload() message: unknown) {
    const schema = mailboxSchema.extend({
      firstNumber: z.number().int().min(1).default(1),
      messages: z
        .array(
          z.object({
            raw: z.string(),
            labels: z.array(z.array(z.string().min(1).max(255)).max(20)).max(100),
          }),
        )
        .max(1_000),
    });
    const { firstNumber, ...request } = parseRequest(schema, message);
    return this.importer.importBatch(request, firstNumber);
  }

  @MessagePattern(PstExportPatterns.finishImport)
  finishImport(@Payload() message: unknown) {
    const count = z.number().int().min(0);
    const schema = mailboxSchema.extend({
      context: commandContextSchema,
      imported: count,
      duplicates: count,
      skipped: count,
      bytes: count,
    });
    return this.exports.finishImport(parseRequest(schema, message)).then(() => ({ ok: true }));
  }

  @MessagePattern(PstExportPatterns.request)
  request(@Payload() message: unknown) {
    const date = z
      .string()
      .datetime({ offset: true, message: 'Dates must be ISO-8601 date and time.' });
    const schema = mailboxSchema.extend({
      context: commandContextSchema,
      from: date.optional(),
      to: date.optional(),
      folders: z.array(z.string().trim().min(1).max(500)).max(100).optional(),
      requestedById: z.string().min(1),
      requestedByEmail: emailSchema,
    });
    return this.exports.request(parseRequest(schema, message));
  }

  @MessagePattern(PstExportPatterns.list)
  list(@Payload() message: unknown) {
    return this.exports.list(parseRequest(z.object({ orgId: z.string().min(1) }), message).orgId);
  }

  @MessagePattern(PstExportPatterns.get)
  get(@Payload() message: unknown) {
    const { orgId, exportId } = parseRequest(exportSchema, message);
    return this.exports.get(orgId, exportId);
  }

  @MessagePattern(PstExportPatterns.reissueLink)
  reissueLink(@Payload() message: unknown) {
    return this.exports.reissueLink(
      parseRequest(
        exportSchema.extend({ context: commandContextSchema, to: emailSchema }),
        message,
      ),
    );
  }

  @MessagePattern(PstExportPatterns.authorizeDownload)
  authorizeDownload(@Payload() message: unknown) {
    const schema = z.object({
      orgId: z.string().min(1),
      exportId: z.string().max(100),
      administratorId: z.string().min(1),
      administratorEmail: emailSchema,
    });
    return this.exports.authorizeDownload(parseRequest(schema, message));
  }

  @MessagePattern(PstExportPatterns.grantHolder)
  grantHolder(@Payload() message: unknown) {
    const { exportId, grant } = parseRequest(
      z.object({ exportId: z.string().max(100), grant: z.string().max(2_000) }),
      message,
    );
    return this.exports.grantHolder(exportId, grant);
  }

  @MessagePattern(PstExportPatterns.recordDenied)
  recordDenied(@Payload() message: unknown) {
    const schema = z.object({
      exportId: z.string().max(100),
      attemptedEmail: z.string().max(254),
      reason: z.enum(['credentials', 'not-allowed', 'unavailable']),
      context: commandContextSchema,
    });
    const { exportId, attemptedEmail, reason, context } = parseRequest(schema, message);
    return this.exports
      .recordDenied(exportId, attemptedEmail, reason, context)
      .then(() => ({ ok: true }));
  }

  @MessagePattern(PstExportPatterns.organizationOf)
  organizationOf(@Payload() message: unknown) {
    const { exportId } = parseRequest(z.object({ exportId: z.string().max(100) }), message);
    return this.exports.organizationOf(exportId);
  }
}
