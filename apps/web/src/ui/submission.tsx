import { Alert } from '@patternfly/react-core';
import { useState } from 'react';

import { messageOf } from './errors';

/**
 * A form's submission: busy while `work` runs, and what it failed with, cleared when the form
 * is sent again, for `SubmissionError` to show.
 */
export function useSubmission() {
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  async function submit(work: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }
  return { error, setError, busy, submit };
}

/** Why the form's last submission failed, at the top of the form; nothing when it did not. */
export function SubmissionError({ error }: { error: unknown }) {
  if (error === undefined) return null;
  return <Alert variant="danger" isInline title={messageOf(error)} role="alert" />;
}
