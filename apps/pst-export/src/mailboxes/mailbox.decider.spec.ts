import { deciderSpecification } from '@coffer/testing';

import { mailboxDecider, type MailboxCommand, type MailboxEvent } from './mailbox.decider';

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

describe('mailbox decider', () => {
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
    const state = [imported, imported].reduce(mailboxDecider.evolve, mailboxDecider.initialState());
    expect(state).toEqual({ imports: 2 });
  });
});
