/** Another command appended to the same aggregate first; reload and decide again. */
export class ConcurrencyError extends Error {
  constructor(
    readonly aggregateId: string,
    readonly expectedVersion: number,
  ) {
    super(`aggregate ${aggregateId} has moved past version ${expectedVersion}`);
    this.name = 'ConcurrencyError';
  }
}
