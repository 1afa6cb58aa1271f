import type { CommandContext } from '../envelope';
import type { MailboxSource, PstExportPart } from '../events/pst-export-events';

export type PstExportStatus = 'requested' | 'running' | 'completed' | 'failed' | 'expired';

export interface PstExportView {
  id: string;
  orgId: string;
  userId: string;
  userEmail: string;
  source: MailboxSource;
  from: string | null;
  to: string | null;
  folders: string[] | null;
  status: PstExportStatus;
  requestedById: string;
  requestedByEmail: string;
  requestedAt: string;
  progress: { done: number; total: number };
  /** How many times a worker has taken the job: more than one after a worker died. */
  attempts: number;
  messages: number;
  bytes: number;
  parts: PstExportPart[];
  downloadUrl: string;
  linkExpiresAt: string | null;
  failure: string | null;
}

export interface ImportMessagesRequest {
  orgId: string;
  userId: string;
  userEmail: string;
  source: MailboxSource;
  /** Raw RFC 5322 messages, base64, with the folders each belongs in. */
  messages: { raw: string; labels: string[][] }[];
}

export interface ImportMessagesResponse {
  imported: number;
  duplicates: number;
  skipped: { number: number; reason: string }[];
  bytes: number;
}

export interface FinishImportRequest extends Omit<ImportMessagesRequest, 'messages'> {
  context: CommandContext;
  imported: number;
  duplicates: number;
  skipped: number;
  bytes: number;
}

export interface RequestPstExportRequest {
  context: CommandContext;
  orgId: string;
  userId: string;
  userEmail: string;
  source: MailboxSource;
  from?: string;
  to?: string;
  folders?: string[];
  requestedById: string;
  requestedByEmail: string;
}

export interface PstExportRequest {
  context: CommandContext;
  orgId: string;
  exportId: string;
}

/** Asks for a short-lived grant to stream one part, for an administrator already authenticated. */
export interface AuthorizeDownloadRequest {
  orgId: string;
  exportId: string;
  administratorId: string;
  administratorEmail: string;
}

/** Asks who a download grant was given to, while it still holds. */
export interface GrantHolderRequest {
  exportId: string;
  grant: string;
}

export interface GrantHolder {
  orgId: string;
  administratorId: string;
}

export type AuthorizeDownloadResponse =
  | { ok: true; grant: string; parts: PstExportPart[]; fileName: string }
  | { ok: false; reason: 'not-found' | 'not-allowed' | 'unavailable' };
