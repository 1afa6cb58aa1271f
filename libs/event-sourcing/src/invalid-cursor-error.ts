/** A paging cursor that this store did not give out (or that was altered). */
export class InvalidCursorError extends Error {
  constructor() {
    super('not a cursor of this event store');
  }
}
