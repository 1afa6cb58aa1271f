import type { mongo } from 'mongoose';

import {
  type EventEnvelope,
  isPstExportEvent,
  type MailboxSource,
  type MailboxView,
  type PstExportEvent,
} from '@coffer/contracts';
import { assertNever, type EventStore, upsertIfNewer } from '@coffer/event-sourcing';

export interface MailboxSummaryDocument {
  /** The mailbox aggregate's id, `<userId>:<source>`: a user's mailboxes are found by `_id`. */
  _id: string;
  orgId: string;
  userId: string;
  userEmail: string;
  source: MailboxSource;
  messages: number;
  bytes: number;
  imports: number;
  lastImportAt: Date | null;
  version: number;
}

/** What one event adds to a mailbox's totals; undefined for another aggregate's events. */
function addedBy(event: PstExportEvent) {
  switch (event.type) {
    case 'mailbox.backup-imported': {
      const p = event.payload;
      return { ...p, messages: p.imported, bytes: p.bytes, imports: 1 };
    }
    case 'mailbox.import-started':
      return { ...event.payload, messages: 0, bytes: 0, imports: 0 };
    case 'mailbox.import-failed': {
      const p = event.payload;
      return { ...p, messages: p.imported, bytes: p.bytes, imports: 0 };
    }
    case 'pst-export.requested':
    case 'pst-export.started':
    case 'pst-export.completed':
    case 'pst-export.failed':
    case 'pst-export.link-sent':
    case 'pst-export.downloaded':
    case 'pst-export.download-denied':
    case 'pst-export.expired':
      return undefined;
    default:
      return assertNever(event);
  }
}

export const MAILBOX_SOURCES: readonly MailboxSource[] = ['gmail', 'exchange-online'];

/**
 * What each backed-up mailbox holds, folded from its imports: the console's Mailboxes card and
 * the check that refuses to export a mailbox with nothing in it.
 */
export class MailboxSummaries {
  readonly mailboxes: mongo.Collection<MailboxSummaryDocument>;

  constructor(db: mongo.Db) {
    this.mailboxes = db.collection<MailboxSummaryDocument>('mailboxes');
  }

  /**
   * Folds the mailbox events recorded before this read model existed, once per database: the
   * store is paged through at start-up (a fresh database has nothing to page), then a marker
   * says it is done. Applying an event twice changes nothing (versions), so a start-up cut
   * short simply folds again.
   */
  async backfillOnce(store: EventStore, db: mongo.Db): Promise<number> {
    const migrations = db.collection<{ _id: string; at: Date }>('migrations');
    const marker = 'mailbox-summaries-v1';
    if (await migrations.findOne({ _id: marker })) return 0;
    let applied = 0;
    let after: string | undefined;
    do {
      const page = await store.readPage(after, 500);
      const mailboxEvents = page.events.filter((event) => event.aggregate.type === 'mailbox');
      await this.applyAll(mailboxEvents);
      applied += mailboxEvents.length;
      after = page.next;
    } while (after);
    await migrations.insertOne({ _id: marker, at: new Date() }).catch(() => undefined);
    return applied;
  }

  static idOf(userId: string, source: MailboxSource): string {
    return `${userId}:${source}`;
  }

  /**
   * The mailbox's own events, in order (the command handler's inline projection). Every event
   * moves the version, so `ops check` finds the summary up to date; a failed upload keeps what
   * it had imported, so it counts too.
   */
  async applyAll(events: readonly EventEnvelope[]): Promise<void> {
    for (const event of events) {
      if (!isPstExportEvent(event)) continue;
      const { id, version } = event.aggregate;
      const current = await this.mailboxes.findOne({ _id: id });
      if (current && current.version >= version) continue;
      const added = addedBy(event);
      if (!added) continue;
      await upsertIfNewer(this.mailboxes, id, version, {
        orgId: event.orgId,
        userId: added.userId,
        userEmail: added.userEmail,
        source: added.source,
        messages: (current?.messages ?? 0) + added.messages,
        bytes: (current?.bytes ?? 0) + added.bytes,
        imports: (current?.imports ?? 0) + added.imports,
        lastImportAt:
          added.imports > 0 ? new Date(event.occurredAt) : (current?.lastImportAt ?? null),
      });
    }
  }

  async get(orgId: string, userId: string, source: MailboxSource) {
    const found = await this.mailboxes.findOne({ _id: MailboxSummaries.idOf(userId, source) });
    return found && found.orgId === orgId ? found : undefined;
  }

  /** A user's mailboxes that hold messages, each read by `_id` (one per source). */
  async ofUser(orgId: string, userId: string): Promise<MailboxView[]> {
    const found = await Promise.all(
      MAILBOX_SOURCES.map((source) => this.get(orgId, userId, source)),
    );
    return found
      .filter(
        (mailbox): mailbox is MailboxSummaryDocument =>
          mailbox !== undefined && mailbox.messages > 0,
      )
      .map((mailbox) => ({
        userId: mailbox.userId,
        userEmail: mailbox.userEmail,
        source: mailbox.source,
        messages: mailbox.messages,
        bytes: mailbox.bytes,
        imports: mailbox.imports,
        lastImportAt: mailbox.lastImportAt?.toISOString() ?? null,
      }));
  }
}
