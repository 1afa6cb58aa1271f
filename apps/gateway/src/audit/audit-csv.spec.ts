import { parse } from 'csv-parse/sync';

import { auditCsvRows } from './audit-csv';

describe('audit trail CSV', () => {
  const entry = {
    id: 'e1',
    orgId: 'o1',
    occurredAt: '2026-11-23T10:00:00.000Z',
    trail: 'admin' as const,
    activityType: 'user-management' as const,
    action: 'user-created',
    actor: { type: 'administrator', email: 'ada@example.com', name: '=HYPERLINK("http://x")' },
    target: { type: 'user', id: 'u1', label: 'bob@example.com' },
    description: 'ada@example.com has created the user "bob", with a comma',
    details: { link: 'https://coffer.example/download/pst/1' },
  };

  it('writes a header and one row per entry that a CSV reader gets back intact', () => {
    const [header, row] = parse(auditCsvRows([entry], true)) as string[][];
    expect(header[0]).toBe('time');
    expect(row[10]).toBe(entry.description);
    expect(JSON.parse(row[11])).toEqual(entry.details);
  });

  it('defuses cells a spreadsheet would run as formulas', () => {
    const [row] = parse(auditCsvRows([entry], false)) as string[][];
    expect(row[6]).toBe(`'=HYPERLINK("http://x")`);
  });
});
