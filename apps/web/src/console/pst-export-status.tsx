import { Progress } from '@patternfly/react-core';

import type { PstExportStatus, PstExportView } from '@coffer/contracts';

export const EXPORT_STATUS_LABELS: Record<PstExportStatus, string> = {
  requested: 'Waiting',
  running: 'Running',
  completed: 'Ready',
  failed: 'Failed',
  expired: 'Link expired',
};

export const EXPORT_STATUS_COLORS: Record<
  PstExportStatus,
  'blue' | 'green' | 'red' | 'grey' | 'orange'
> = {
  requested: 'grey',
  running: 'blue',
  completed: 'green',
  failed: 'red',
  expired: 'orange',
};

/** A running export's messages written so far, or why it failed. */
export function ExportProgress({ pst }: { pst: PstExportView }) {
  return (
    <>
      {pst.status === 'running' && pst.progress.total > 0 && (
        <Progress
          size="sm"
          value={(100 * pst.progress.done) / pst.progress.total}
          aria-label={`Export of ${pst.userEmail}`}
          valueText={`${pst.progress.done} of ${pst.progress.total} messages`}
          label={`${pst.progress.done.toLocaleString('en')} of ${pst.progress.total.toLocaleString('en')} messages`}
        />
      )}
      {pst.failure && <div className="secondary-text">{pst.failure}</div>}
    </>
  );
}

/**
 * What of the backup an export takes, when it does not take all of it: its days (the request's
 * local days, `to` being the instant after the last) and its folders or labels.
 */
export function ExportScope({ pst }: { pst: PstExportView }) {
  const day = (instant: number) =>
    new Date(instant).toLocaleDateString(undefined, { dateStyle: 'medium' });
  const firstDay = (iso: string) => day(Date.parse(iso));
  const lastDay = (iso: string) => day(Date.parse(iso) - 1);
  const days =
    pst.from && pst.to
      ? `${firstDay(pst.from)} – ${lastDay(pst.to)}`
      : pst.from
        ? `from ${firstDay(pst.from)}`
        : pst.to
          ? `until ${lastDay(pst.to)}`
          : undefined;
  const scope = [days, pst.folders?.length ? pst.folders.join(', ') : undefined].filter(Boolean);
  if (scope.length === 0) return null;
  return <div className="secondary-text">{scope.join(' · ')}</div>;
}
