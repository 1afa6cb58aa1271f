import { parse } from 'csv-parse/sync';

export const MAX_IMPORT_ROWS = 10_000;

export interface CsvUserRow {
  line: number;
  email: string;
  name: string;
  profileId?: string;
}

export type CsvParseResult = { ok: true; rows: CsvUserRow[] } | { ok: false; message: string };

/**
 * Reads a users CSV with a header row naming at least `email` and `name` (and optionally
 * `profileId`), in any order and case. Passwords are never imported: each user gets a link.
 */
export function parseUsersCsv(text: string): CsvParseResult {
  let records: Record<string, string>[];
  try {
    records = parse(text, {
      columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
    });
  } catch (error) {
    return { ok: false, message: `The file is not valid CSV: ${(error as Error).message}` };
  }
  if (records.length === 0) return { ok: false, message: 'The file has no users in it.' };
  const columns = Object.keys(records[0]);
  const missing = ['email', 'name'].filter((column) => !columns.includes(column));
  if (missing.length > 0) {
    return {
      ok: false,
      message: `The header row must name the columns email and name (missing: ${missing.join(', ')}).`,
    };
  }
  if (records.length > MAX_IMPORT_ROWS) {
    return { ok: false, message: `At most ${MAX_IMPORT_ROWS} users per file; split the file.` };
  }
  return {
    ok: true,
    rows: records.map((record, index) => ({
      line: index + 2,
      email: record.email ?? '',
      name: record.name ?? '',
      ...(record.profileid ? { profileId: record.profileid } : {}),
    })),
  };
}
