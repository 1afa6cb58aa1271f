/**
 * Errors crossing the request/response boundary carry a stable code and a message meant
 * for a person; the gateway maps the code to an HTTP status and never forwards a stack.
 */
export interface ServiceErrorBody {
  code: string;
  message: string;
}

export function isServiceErrorBody(value: unknown): value is ServiceErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ServiceErrorBody).code === 'string' &&
    typeof (value as ServiceErrorBody).message === 'string'
  );
}
