import { MAX_IMPORT_ROWS, parseUsersCsv } from './user-csv';

describe('parseUsersCsv', () => {
  it('reads email and name in any column order and case, with line numbers a person can find', () => {
    const result = parseUsersCsv(
      '\uFEFFName,EMAIL\n"Doe, Jane",jane@example.com\n\nBob,bob@example.com\n',
    );
    expect(result).toEqual({
      ok: true,
      rows: [
        { line: 2, email: 'jane@example.com', name: 'Doe, Jane' },
        { line: 3, email: 'bob@example.com', name: 'Bob' },
      ],
    });
  });

  it('says which columns are missing', () => {
    expect(parseUsersCsv('mail,name\na@example.com,A\n')).toEqual({
      ok: false,
      message: 'The header row must name the columns email and name (missing: email).',
    });
  });

  it('refuses broken CSV and files over the limit with a clear message', () => {
    expect(parseUsersCsv('email,name\n"unclosed,quote\n')).toMatchObject({
      ok: false,
      message: expect.stringContaining('not valid CSV'),
    });
    const tooMany = `email,name\n${'a@example.com,A\n'.repeat(MAX_IMPORT_ROWS + 1)}`;
    expect(parseUsersCsv(tooMany)).toMatchObject({
      ok: false,
      message: expect.stringContaining('At most'),
    });
  });
});
