import type { PstExportEventPayloads } from '@coffer/contracts';
import { assertNever, type Decider, type EventOf } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

type Payloads = PstExportEventPayloads;

export type MailboxEvent =
  | EventOf<Payloads, 'mailbox.backup-imported'>
  | EventOf<Payloads, 'mailbox.import-started'>
  | EventOf<Payloads, 'mailbox.import-failed'>;

export type MailboxCommand =
  /** An import read by the operator's command line, recorded when it has finished. */
  | ({ type: 'RecordImport' } & Omit<Payloads['mailbox.backup-imported'], 'importId' | 'fileName'>)
  | ({ type: 'StartImport' } & Payloads['mailbox.import-started'])
  | ({ type: 'FinishImport' } & Payloads['mailbox.backup-imported'] & { importId: string })
  | ({ type: 'FailImport' } & Payloads['mailbox.import-failed']);

export interface MailboxState {
  imports: number;
  /** Uploads started and not yet finished or failed. */
  running: string[];
}

const SCHEMA_VERSION = 1;

const notRunning = (importId: string) =>
  new ServiceError(
    'mailbox-import-not-running',
    `The import ${importId} has already finished; start a new one to upload again.`,
  );

/**
 * A user's backed-up mailbox of one source; its history is the imports into it. An upload
 * through the console is started, then finished or failed once; the operator's command line
 * records a finished import in one step.
 */
export const mailboxDecider: Decider<MailboxCommand, MailboxState, MailboxEvent> = {
  aggregateType: 'mailbox',
  initialState: () => ({ imports: 0, running: [] }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'mailbox.import-started':
        return { ...state, running: [...state.running, event.payload.importId] };
      case 'mailbox.backup-imported':
        return {
          imports: state.imports + 1,
          running: state.running.filter((id) => id !== event.payload.importId),
        };
      case 'mailbox.import-failed':
        return { ...state, running: state.running.filter((id) => id !== event.payload.importId) };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    switch (command.type) {
      case 'RecordImport': {
        const { type: _type, ...payload } = command;
        return [{ type: 'mailbox.backup-imported', schemaVersion: SCHEMA_VERSION, payload }];
      }
      case 'StartImport': {
        const { type: _type, ...payload } = command;
        if (state.running.includes(payload.importId)) return [];
        return [{ type: 'mailbox.import-started', schemaVersion: SCHEMA_VERSION, payload }];
      }
      case 'FinishImport': {
        const { type: _type, ...payload } = command;
        if (!state.running.includes(payload.importId)) throw notRunning(payload.importId);
        return [{ type: 'mailbox.backup-imported', schemaVersion: SCHEMA_VERSION, payload }];
      }
      case 'FailImport': {
        const { type: _type, ...payload } = command;
        if (!state.running.includes(payload.importId)) throw notRunning(payload.importId);
        return [{ type: 'mailbox.import-failed', schemaVersion: SCHEMA_VERSION, payload }];
      }
      default:
        return assertNever(command);
    }
  },
};
