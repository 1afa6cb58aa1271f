import type { PstExportEventPayloads } from '@coffer/contracts';
import type { Decider, EventOf } from '@coffer/event-sourcing';

export type MailboxEvent = EventOf<PstExportEventPayloads, 'mailbox.backup-imported'>;
export type MailboxCommand = {
  type: 'RecordImport';
} & PstExportEventPayloads['mailbox.backup-imported'];

/** A user's backed-up mailbox of one source; its history is the imports into it. */
export const mailboxDecider: Decider<MailboxCommand, { imports: number }, MailboxEvent> = {
  aggregateType: 'mailbox',
  initialState: () => ({ imports: 0 }),
  evolve: (state) => ({ imports: state.imports + 1 }),
  decide: ({ type: _type, ...payload }) => [
    { type: 'mailbox.backup-imported', schemaVersion: 1, payload },
  ],
};
