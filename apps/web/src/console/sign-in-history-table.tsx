import { Label } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';

import type { SignInHistoryEntry } from '@coffer/contracts';

import { formatDateTime } from '../lib/format';

const METHOD_LABELS: Record<NonNullable<SignInHistoryEntry['method']>, string> = {
  password: 'Password',
  saml: 'Single sign-on',
  passkey: 'Passkey',
};

const SURFACE_LABELS: Record<SignInHistoryEntry['surface'], string> = {
  portal: 'Web portal',
  console: 'Console',
};

/** Why an attempt was refused, in words (the codes the sign-in events carry). */
const REASON_LABELS: Record<string, string> = {
  'bad-credentials': 'wrong password',
  'user-disabled': 'account disabled',
  'user-preserved': 'account preserved',
  'web-access-disabled': 'profile allows no web access',
  'sso-required': 'single sign-on required',
  'locked-out': 'locked out',
  'saml-invalid': 'single sign-on response refused',
  'invalid-otp': 'wrong code',
};

/** Recent sign-in attempts of one account: when, where from, how, and whether it worked. */
export function SignInHistoryTable({
  entries,
  label,
}: {
  entries: SignInHistoryEntry[];
  label: string;
}) {
  return (
    <Table role="table" aria-label={label} variant="compact">
      <Thead>
        <Tr>
          <Th>Time</Th>
          <Th>Outcome</Th>
          <Th>Method</Th>
          <Th>IP address</Th>
          <Th>Browser</Th>
        </Tr>
      </Thead>
      <Tbody>
        {entries.map((entry) => (
          <Tr key={entry.id}>
            <Td dataLabel="Time">{formatDateTime(entry.at)}</Td>
            <Td dataLabel="Outcome">
              {entry.outcome === 'succeeded' ? (
                <Label color="green">Signed in</Label>
              ) : (
                <Label color="red">
                  Refused
                  {entry.reason ? `: ${REASON_LABELS[entry.reason] ?? entry.reason}` : ''}
                </Label>
              )}
            </Td>
            <Td dataLabel="Method">
              {entry.method ? METHOD_LABELS[entry.method] : '—'} (
              {entry.via === 'pst-download' ? 'PST download page' : SURFACE_LABELS[entry.surface]})
            </Td>
            <Td dataLabel="IP address">{entry.ip ?? '—'}</Td>
            <Td dataLabel="Browser" modifier="breakWord">
              {entry.userAgent ?? '—'}
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
}
