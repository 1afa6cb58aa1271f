import type { ProjectionRunner } from './projection';

/** A health check that fails until the projection's consumer has joined its group. */
export function consumingCheck(runner: ProjectionRunner): () => Promise<void> {
  return async () => {
    if (!runner.isConsuming) throw new Error('not consuming yet');
  };
}
