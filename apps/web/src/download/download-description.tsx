import {
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
} from '@patternfly/react-core';

import type { PstDownloadContents, PstDownloadSummary } from '@coffer/contracts';

import { formatBytes, formatDateTime, plural } from '../lib/format';
import { SOURCE_LABELS } from '../lib/labels';

/**
 * What is downloaded. Before anyone proved who they are the gateway tells only the kind of file
 * (source, size, parts, until when); whose mailbox it is comes with `contents`, once an
 * administrator of its organisation is known (a console session, or the sign-in's answer).
 */
export function DownloadDescription({
  summary,
  contents,
}: {
  summary: Pick<PstDownloadSummary, 'source' | 'bytes' | 'partCount' | 'linkExpiresAt'>;
  contents?: PstDownloadContents | null;
}) {
  const rows: [string, string][] = [
    ...(contents ? ([['User', contents.userEmail]] as [string, string][]) : []),
    ['Source', SOURCE_LABELS[summary.source] ?? summary.source],
    ['Size', formatBytes(summary.bytes)],
    ['Parts', plural(summary.partCount, 'file')],
    ...(contents
      ? ([
          ['Messages', contents.messages.toLocaleString('en')],
          ['Requested by', contents.requestedByEmail],
        ] as [string, string][])
      : []),
    ['Link valid until', formatDateTime(summary.linkExpiresAt)],
  ];
  return (
    <section aria-label="What is downloaded" className="before-form">
      <DescriptionList isCompact isHorizontal>
        {rows.map(([term, description]) => (
          <DescriptionListGroup key={term}>
            <DescriptionListTerm>{term}</DescriptionListTerm>
            <DescriptionListDescription>{description}</DescriptionListDescription>
          </DescriptionListGroup>
        ))}
      </DescriptionList>
    </section>
  );
}
