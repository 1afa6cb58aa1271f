import { Button } from '@patternfly/react-core';
import { Link } from 'react-router';

import type { PstExportView } from '@coffer/contracts';

import { api } from '../api';
import { useToasts } from '../ui/toasts';

/**
 * What an administrator can do with an export's link: open the download page while it is ready,
 * and email it again with a new expiry once it is ready or has expired.
 */
export function PstExportLinkActions({
  pst,
  onReissued,
}: {
  pst: PstExportView;
  onReissued: () => Promise<unknown> | void;
}) {
  const toasts = useToasts();

  async function reissue() {
    try {
      await api('POST', `/api/console/pst-exports/${pst.id}/reissue-link`);
      toasts.success('The link was emailed to you again, with a new expiry.');
      await onReissued();
    } catch (caught) {
      toasts.failure(caught);
    }
  }

  return (
    <>
      {pst.status === 'completed' && <Link to={`/download/pst/${pst.id}`}>Download page</Link>}
      {(pst.status === 'completed' || pst.status === 'expired') && (
        <Button
          variant="link"
          isInline
          className="row-action"
          onClick={() => void reissue()}
          aria-label={`Reissue the link of ${pst.userEmail}'s export`}
        >
          Reissue link
        </Button>
      )}
    </>
  );
}
