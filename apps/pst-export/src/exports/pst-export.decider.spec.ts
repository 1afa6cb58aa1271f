import type { PstExportEventPayloads } from '@coffer/contracts';
import { deciderSpecification } from '@coffer/testing';

import { type PstExportCommand, pstExportDecider, type PstExportEvent } from './pst-export.decider';

const { given } = deciderSpecification(pstExportDecider);

const event = <Type extends PstExportEvent['type']>(
  type: Type,
  payload: PstExportEventPayloads[Type],
) => ({ type, schemaVersion: 1, payload }) as PstExportEvent;

const url = 'https://coffer.example/download/pst/e1';
const request = {
  userId: 'u1',
  userEmail: 'bob@example.com',
  source: 'gmail' as const,
  from: null,
  to: null,
  folders: ['Work'],
  requestedById: 'a1',
  requestedByEmail: 'ada@example.com',
  downloadUrl: url,
};
const parts = [{ part: 1, bytes: 10, messages: 1, sha256: 'ab'.repeat(32) }];
const completion = {
  messages: 1,
  bytes: 10,
  parts,
  userEmail: 'bob@example.com',
  downloadUrl: url,
};
const linkExpiresAt = new Date('2026-12-01T00:00:00.000Z');

const requested = event('pst-export.requested', request);
const started = event('pst-export.started', { attempt: 1, messages: 1 });
const completed = event('pst-export.completed', completion);
const linkSent = event('pst-export.link-sent', {
  to: 'ada@example.com',
  downloadUrl: url,
  expiresAt: linkExpiresAt.toISOString(),
});
const expired = event('pst-export.expired', { userEmail: 'bob@example.com' });
const failed = event('pst-export.failed', { reason: 'the mailbox is empty' });

const complete: PstExportCommand = { type: 'CompleteExport', ...completion, blobIds: ['b1'] };
const sendLink: PstExportCommand = {
  type: 'SendLink',
  to: 'ada@example.com',
  downloadUrl: url,
  expiresAt: linkExpiresAt,
};
const download: PstExportCommand = {
  type: 'RecordDownload',
  administratorId: 'a1',
  administratorEmail: 'ada@example.com',
  userEmail: 'bob@example.com',
  part: 1,
  bytes: 10,
  downloadUrl: url,
};

describe('PST export decider', () => {
  describe('RequestExport', () => {
    it('records the request with its filters and link', () => {
      given()
        .when({ type: 'RequestExport', ...request })
        .then(requested);
    });

    it('refuses a second request with the same id', () => {
      given(requested)
        .when({ type: 'RequestExport', ...request })
        .thenThrows('pst-export-exists');
    });
  });

  describe('StartExport', () => {
    it('starts a requested export, and starts again when a worker took it over', () => {
      given(requested).when({ type: 'StartExport', attempt: 1, messages: 1 }).then(started);
      given(requested, started)
        .when({ type: 'StartExport', attempt: 2, messages: 1 })
        .then(event('pst-export.started', { attempt: 2, messages: 1 }));
    });

    it('does nothing once the export has finished', () => {
      given(requested, started, completed)
        .when({ type: 'StartExport', attempt: 2, messages: 1 })
        .then();
      given(requested, failed).when({ type: 'StartExport', attempt: 2, messages: 1 }).then();
    });

    it('refuses an export that does not exist', () => {
      given()
        .when({ type: 'StartExport', attempt: 1, messages: 1 })
        .thenThrows('pst-export-not-found');
    });
  });

  describe('CompleteExport', () => {
    it('completes a running export once, without telling where its files are', () => {
      given(requested, started).when(complete).then(completed);
      given(requested, started, completed).when(complete).then();
    });

    it('does nothing to an export that is not running', () => {
      given(requested).when(complete).then();
      given(requested, started, failed).when(complete).then();
    });
  });

  describe('FailExport', () => {
    it('fails a requested or running export with its reason', () => {
      given(requested).when({ type: 'FailExport', reason: 'the mailbox is empty' }).then(failed);
      given(requested, started)
        .when({ type: 'FailExport', reason: 'the mailbox is empty' })
        .then(failed);
    });

    it('does nothing to a completed export', () => {
      given(requested, started, completed).when({ type: 'FailExport', reason: 'late' }).then();
    });
  });

  describe('SendLink', () => {
    it('sends the link of a completed export, again with a new expiry when reissued', () => {
      given(requested, started, completed).when(sendLink).then(linkSent);
      given(requested, started, completed, linkSent).when(sendLink).then(linkSent);
    });

    it('refuses an export that is not completed', () => {
      given(requested, started)
        .when(sendLink)
        .thenThrows('pst-export-not-ready', 'Only a completed export');
      given(requested, started, completed, linkSent, expired)
        .when(sendLink)
        .thenThrows('pst-export-not-ready');
    });
  });

  describe('RecordDownload and RecordDeniedDownload', () => {
    it('records a download of a completed export only', () => {
      const { type: _type, ...downloaded } = download;
      given(requested, started, completed, linkSent)
        .when(download)
        .then(event('pst-export.downloaded', downloaded));
      given(requested, started, completed, linkSent, expired).when(download).then();
    });

    it('records a refused download of any export there is', () => {
      const denial = { attemptedEmail: 'eve@example.com', reason: 'credentials' as const };
      given(requested)
        .when({ type: 'RecordDeniedDownload', ...denial })
        .then(event('pst-export.download-denied', denial));
      given()
        .when({ type: 'RecordDeniedDownload', ...denial })
        .then();
    });
  });

  describe('ExpireExport', () => {
    it('expires a completed export from the moment its link expires', () => {
      given(requested, started, completed, linkSent)
        .when({ type: 'ExpireExport', now: linkExpiresAt })
        .then(expired);
    });

    it('does nothing before the link expires, without a link, or twice', () => {
      given(requested, started, completed, linkSent)
        .when({ type: 'ExpireExport', now: new Date(linkExpiresAt.getTime() - 1) })
        .then();
      const later = new Date(linkExpiresAt.getTime() + 1);
      given(requested, started, completed).when({ type: 'ExpireExport', now: later }).then();
      given(requested, started, completed, linkSent, expired)
        .when({ type: 'ExpireExport', now: later })
        .then();
    });
  });
});
