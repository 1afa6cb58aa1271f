/**
 * An audit entry's details as labelled values: `previousStatus: "active"` reads
 * "Previous status: Active", `null` reads "None", a link stays a link.
 */

export type DetailValue =
  { kind: 'text'; text: string } | { kind: 'link'; href: string } | { kind: 'none' };

export interface DetailRow {
  label: string;
  value: DetailValue;
}

/** Words people use for the values the services record. */
const KNOWN_VALUES: Record<string, string> = {
  gmail: 'Gmail',
  'exchange-online': 'Exchange Online',
  'cloud-administrator': 'Cloud Administrator',
  'product-administrator': 'Product Administrator',
  'api-token': 'API token',
  sso: 'Single sign-on',
  'users-and-administrators': 'Users and product administrators',
};

const KNOWN_LABELS: Record<string, string> = {
  ip: 'IP address',
  userAgent: 'Browser (user agent)',
  url: 'URL',
  link: 'Download link',
  pstExportId: 'PST export id',
  idpEntityId: 'Identity provider entity id',
};

/** `previousStatus` → "Previous status", `allow_web_restore` → "Allow web restore". */
export function humanLabel(key: string): string {
  if (KNOWN_LABELS[key]) return KNOWN_LABELS[key];
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function textOf(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return value.toLocaleString('en');
  if (typeof value === 'string') {
    if (KNOWN_VALUES[value]) return KNOWN_VALUES[value];
    // Lower-case single words ("active", "disabled") read better capitalised.
    return /^[a-z]+$/.test(value) ? value.charAt(0).toUpperCase() + value.slice(1) : value;
  }
  if (Array.isArray(value)) return value.length ? value.map(textOf).join(', ') : 'None';
  return JSON.stringify(value);
}

function valueOf(value: unknown): DetailValue {
  if (value === null || value === undefined || value === '') return { kind: 'none' };
  if (typeof value === 'string' && /^https?:\/\//.test(value)) return { kind: 'link', href: value };
  return { kind: 'text', text: textOf(value) };
}

/** One row per detail; nested objects become "Parent child" rows. */
export function detailRows(details: Record<string, unknown>, prefix = ''): DetailRow[] {
  return Object.entries(details).flatMap(([key, value]) => {
    const label = prefix ? `${prefix} ${humanLabel(key).toLowerCase()}` : humanLabel(key);
    if (value && typeof value === 'object' && !Array.isArray(value))
      return detailRows(value as Record<string, unknown>, label);
    return [{ label, value: valueOf(value) }];
  });
}
