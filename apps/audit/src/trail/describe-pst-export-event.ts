import type { AuditActivityType, PstExportEvent, PstExportEventPayloads } from '@coffer/contracts';
import { assertNever } from '@coffer/event-sourcing';

import type { AuditEntryDocument } from './audit-entry';

export interface PstExportDescription {
  activityType: AuditActivityType;
  action: string;
  target?: AuditEntryDocument['target'];
  text: (actor: string) => string;
  details?: Record<string, unknown>;
}

const ACTIVITY: AuditActivityType = 'restore-download-share';

/**
 * The "Restore, Download, & Share" entries: backups imported (started, finished, failed), exports requested, completed, failed, links sent,
 * downloads and refused downloads. Each carries the download link in its details, which is how
 * an administrator finds a lost link again.
 */
export function describePstExportEvent(event: PstExportEvent): PstExportDescription | undefined {
  const target = { type: event.aggregate.type, id: event.aggregate.id };
  switch (event.type) {
    case 'mailbox.backup-imported': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'mailbox-imported',
        target: { ...target, label: p.userEmail },
        text: (actor) =>
          `${actor} has imported ${p.imported} messages into ${p.userEmail}'s ${p.source} backup${p.fileName ? ` from ${p.fileName}` : ''}`,
        details: { ...p },
      };
    }
    case 'mailbox.import-started': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'mailbox-import-started',
        target: { ...target, label: p.userEmail },
        text: (actor) =>
          `${actor} has started importing ${p.fileName} into ${p.userEmail}'s ${p.source} backup`,
        details: { ...p },
      };
    }
    case 'mailbox.import-failed': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'mailbox-import-failed',
        target: { ...target, label: p.userEmail },
        text: () =>
          `The import of ${p.fileName} into ${p.userEmail}'s ${p.source} backup failed after ${p.imported} messages: ${p.reason}`,
        details: { ...p },
      };
    }
    case 'pst-export.requested': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'pst-export-requested',
        target: { ...target, label: p.userEmail },
        text: (actor) => `${actor} has requested a PST export of ${p.userEmail}'s ${p.source} data`,
        details: {
          source: p.source,
          from: p.from,
          to: p.to,
          folders: p.folders,
          downloadUrl: p.downloadUrl,
        },
      };
    }
    case 'pst-export.completed': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'pst-export-completed',
        target: { ...target, label: p.userEmail },
        text: () => `The PST export of ${p.userEmail}'s data is ready (${p.messages} messages)`,
        details: {
          downloadUrl: p.downloadUrl,
          messages: p.messages,
          bytes: p.bytes,
          parts: p.parts,
        },
      };
    }
    case 'pst-export.failed':
      return {
        activityType: ACTIVITY,
        action: 'pst-export-failed',
        target,
        text: () => `A PST export failed: ${event.payload.reason}`,
      };
    case 'pst-export.link-sent': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'pst-export-link-sent',
        target,
        text: () => `The PST download link was emailed to ${p.to}`,
        details: { downloadUrl: p.downloadUrl, expiresAt: p.expiresAt, to: p.to },
      };
    }
    case 'pst-export.downloaded': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'pst-export-downloaded',
        target: { ...target, label: p.userEmail },
        text: () => `${p.administratorEmail} has downloaded ${p.userEmail}'s data`,
        details: { downloadUrl: p.downloadUrl, part: p.part, bytes: p.bytes },
      };
    }
    case 'pst-export.download-denied': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'pst-export-download-denied',
        target,
        text: () =>
          `A download of a PST export as ${p.attemptedEmail || 'someone'} was refused (${DENIAL_LABELS[p.reason]})`,
        details: { attemptedEmail: p.attemptedEmail, reason: p.reason },
      };
    }
    case 'pst-export.expired': {
      const p = event.payload;
      return {
        activityType: ACTIVITY,
        action: 'pst-export-expired',
        target: { ...target, label: p.userEmail },
        text: () =>
          `The PST export of ${p.userEmail}'s data has expired and its files were deleted`,
      };
    }
    // A worker took the job: the trail shows the request and the outcome, not each attempt.
    case 'pst-export.started':
      return undefined;
    default:
      return assertNever(event);
  }
}

const DENIAL_LABELS: Record<
  PstExportEventPayloads['pst-export.download-denied']['reason'],
  string
> = {
  credentials: 'wrong email, password or token',
  'not-allowed': 'not an administrator of the organisation',
  unavailable: 'the export is not available',
};
