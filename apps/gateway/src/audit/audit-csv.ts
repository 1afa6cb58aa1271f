import { stringify } from 'csv-stringify/sync';

import type { AuditEntryView } from '@coffer/contracts';

export const AUDIT_CSV_COLUMNS = [
  'time',
  'trail',
  'activity type',
  'action',
  'actor type',
  'actor email',
  'actor name',
  'ip address',
  'user agent',
  'target',
  'description',
  'details',
];

/**
 * Rows of the CSV export. A cell a spreadsheet would read as a formula (= + - @, tab or carriage
 * return first) is prefixed with a quote: descriptions hold emails and names people chose.
 */
export function auditCsvRows(entries: AuditEntryView[], withHeader: boolean): string {
  const rows = entries.map((entry) =>
    [
      entry.occurredAt,
      entry.trail,
      entry.activityType,
      entry.action,
      entry.actor.type,
      entry.actor.email ?? '',
      entry.actor.name ?? '',
      entry.actor.ip ?? '',
      entry.actor.userAgent ?? '',
      entry.target?.label ?? entry.target?.id ?? '',
      entry.description,
      Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : '',
    ].map(neutralizeFormula),
  );
  return stringify(withHeader ? [AUDIT_CSV_COLUMNS, ...rows] : rows);
}

function neutralizeFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
