import { deciderSpecification } from '@coffer/testing';

import { type MailboxCommand, mailboxDecider, type MailboxEvent } from './mailbox.decider';

const { given } = deciderSpecification(mailboxDecider);

const counts = {
  userId: 'user-1',
  userEmail: 'bob@example.com',
  source: 'gmail' as const,
  imported: 120,
  duplicates: 0,
  skipped: 1,
  bytes: 4_000_000,
};
const firstImport: MailboxCommand = { type: 'RecordImport', ...counts };
const imported: MailboxEvent = {
  type: 'mailbox.backup-imported',
  schemaVersion: 1,
  payload: counts,
};

const upload = {
  importId: '0190a0b0-0000-7000-8000-000000000001',
  userId: 'user-1',
  userEmail: 'bob@example.com',
  source: 'gmail' as const,
  fileName: 'takeout.mbox',
  bytes: 5_000_000,
};
const started: MailboxEvent = { type: 'mailbox.import-started', schemaVersion: 1, payload: upload };
const finishUpload: MailboxCommand = {
  type: 'FinishImport',
  ...counts,
  importId: upload.importId,
  fileName: upload.fileName,
};
const uploaded: MailboxEvent = {
  type: 'mailbox.backup-imported',
  schemaVersion: 1,
  payload: { ...counts, importId: upload.importId, fileName: upload.fileName },
};
const failure = {
  importId: upload.importId,
  userId: 'user-1',
  userEmail: 'bob@example.com',
  source: 'gmail' as const,
  fileName: 'takeout.mbox',
  reason: 'The upload was cut short.',
  imported: 10,
  skipped: 0,
  bytes: 40_000,
};
const failed: MailboxEvent = { type: 'mailbox.import-failed', schemaVersion: 1, payload: failure };

describe('mailbox decider', () => {
  describe('an import by the command line', () => {
    it('records an import with its counts', () => {
      given().when(firstImport).then(imported);
    });

    it('records every later import too, even one that found only duplicates', () => {
      const again = { ...firstImport, imported: 0, duplicates: 120, bytes: 0 };
      given(imported)
        .when(again)
        .then({
          ...imported,
          payload: { ...imported.payload, imported: 0, duplicates: 120, bytes: 0 },
        });
    });

    it('counts the imports a mailbox has had', () => {
      const state = [imported, imported].reduce(
        mailboxDecider.evolve,
        mailboxDecider.initialState(),
      );
      expect(state).toEqual({ imports: 2, running: [] });
    });
  });

  describe('an upload through the console', () => {
    it('starts an import', () => {
      given()
        .when({ type: 'StartImport', ...upload })
        .then(started);
    });

    it('starts the same import once: a retried start adds nothing', () => {
      given(started)
        .when({ type: 'StartImport', ...upload })
        .then();
    });

    it('finishes a running import with its counts, as an import of the backup', () => {
      given(imported, started).when(finishUpload).then(uploaded);
    });

    it('refuses to finish an import that was never started', () => {
      given(imported).when(finishUpload).thenThrows('mailbox-import-not-running');
    });

    it('refuses to finish an import twice', () => {
      given(started, uploaded).when(finishUpload).thenThrows('mailbox-import-not-running');
    });

    it('fails a running import, keeping what it had imported', () => {
      given(started)
        .when({ type: 'FailImport', ...failure })
        .then(failed);
    });

    it('refuses to fail an import that has finished', () => {
      given(started, uploaded)
        .when({ type: 'FailImport', ...failure })
        .thenThrows('mailbox-import-not-running');
    });

    it('keeps other uploads running while one finishes', () => {
      const other = { ...started, payload: { ...upload, importId: 'other' } };
      const state = [started, other, uploaded].reduce(
        mailboxDecider.evolve,
        mailboxDecider.initialState(),
      );
      expect(state).toEqual({ imports: 1, running: ['other'] });
    });
  });
});
