import type { MailboxSource, PstExportEventPayloads } from '@coffer/contracts';
import { assertNever, type Decider, type EventOf as DomainEvent } from '@coffer/event-sourcing';
import { ServiceError } from '@coffer/service-kit';

type EventOf<Type extends keyof PstExportEventPayloads> = DomainEvent<PstExportEventPayloads, Type>;

export type PstExportEvent =
  | EventOf<'pst-export.requested'>
  | EventOf<'pst-export.started'>
  | EventOf<'pst-export.completed'>
  | EventOf<'pst-export.failed'>
  | EventOf<'pst-export.link-sent'>
  | EventOf<'pst-export.downloaded'>
  | EventOf<'pst-export.download-denied'>
  | EventOf<'pst-export.expired'>;

export type PstExportCommand =
  | ({ type: 'RequestExport' } & PstExportEventPayloads['pst-export.requested'])
  | { type: 'StartExport'; attempt: number; messages: number }
  | ({
      type: 'CompleteExport';
      /** Where the parts' files went: kept by the job, not told in the event. */
      blobIds: string[];
    } & PstExportEventPayloads['pst-export.completed'])
  | { type: 'FailExport'; reason: string }
  | { type: 'SendLink'; to: string; downloadUrl: string; expiresAt: Date }
  | ({ type: 'RecordDownload' } & PstExportEventPayloads['pst-export.downloaded'])
  | ({ type: 'RecordDeniedDownload' } & PstExportEventPayloads['pst-export.download-denied'])
  | { type: 'ExpireExport'; now: Date };

export type PstExportState =
  | { status: 'absent' }
  | {
      status: 'requested' | 'running' | 'completed' | 'failed' | 'expired';
      userEmail: string;
      source: MailboxSource;
      linkExpiresAt: Date | null;
    };

const SCHEMA_VERSION = 1;
const notFound = () => new ServiceError('pst-export-not-found');

/** One PST export: requested, converted (perhaps more than once, if a worker dies), completed, downloaded, expired. */
export const pstExportDecider: Decider<PstExportCommand, PstExportState, PstExportEvent> = {
  aggregateType: 'pst-export',
  initialState: () => ({ status: 'absent' }),
  evolve: (state, event) => {
    switch (event.type) {
      case 'pst-export.requested':
        return {
          status: 'requested',
          userEmail: event.payload.userEmail,
          source: event.payload.source,
          linkExpiresAt: null,
        };
      case 'pst-export.started':
        return state.status === 'absent' ? state : { ...state, status: 'running' };
      case 'pst-export.completed':
        return state.status === 'absent' ? state : { ...state, status: 'completed' };
      case 'pst-export.failed':
        return state.status === 'absent' ? state : { ...state, status: 'failed' };
      case 'pst-export.link-sent':
        return state.status === 'absent'
          ? state
          : { ...state, linkExpiresAt: new Date(event.payload.expiresAt) };
      case 'pst-export.downloaded':
      case 'pst-export.download-denied':
        return state;
      case 'pst-export.expired':
        return state.status === 'absent' ? state : { ...state, status: 'expired' };
      default:
        return assertNever(event);
    }
  },
  decide: (command, state) => {
    const event = <Type extends PstExportEvent['type']>(
      type: Type,
      payload: PstExportEventPayloads[Type],
    ) => [{ type, schemaVersion: SCHEMA_VERSION, payload }] as PstExportEvent[];
    switch (command.type) {
      case 'RequestExport': {
        if (state.status !== 'absent') throw new ServiceError('pst-export-exists');
        const { type: _type, ...payload } = command;
        return event('pst-export.requested', payload);
      }
      case 'StartExport':
        if (state.status === 'absent') throw notFound();
        if (state.status !== 'requested' && state.status !== 'running') return [];
        return event('pst-export.started', {
          attempt: command.attempt,
          messages: command.messages,
        });
      case 'CompleteExport': {
        if (state.status !== 'running') return [];
        const { type: _type, blobIds: _blobIds, ...payload } = command;
        return event('pst-export.completed', payload);
      }
      case 'FailExport':
        if (state.status !== 'running' && state.status !== 'requested') return [];
        return event('pst-export.failed', { reason: command.reason });
      case 'SendLink':
        if (state.status !== 'completed') {
          throw new ServiceError('pst-export-not-ready');
        }
        return event('pst-export.link-sent', {
          to: command.to,
          downloadUrl: command.downloadUrl,
          expiresAt: command.expiresAt.toISOString(),
        });
      case 'RecordDownload': {
        if (state.status !== 'completed') return [];
        const { type: _type, ...payload } = command;
        return event('pst-export.downloaded', payload);
      }
      case 'RecordDeniedDownload': {
        if (state.status === 'absent') return [];
        const { type: _type, ...payload } = command;
        return event('pst-export.download-denied', payload);
      }
      case 'ExpireExport':
        if (
          state.status !== 'completed' ||
          !state.linkExpiresAt ||
          state.linkExpiresAt > command.now
        )
          return [];
        return event('pst-export.expired', { userEmail: state.userEmail });
      default:
        return assertNever(command);
    }
  },
};
