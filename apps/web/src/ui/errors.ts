import { ApiError } from '../api';

/** The API's message as it is (it is written for the person), or a plain fallback. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError || error instanceof Error) return error.message;
  return String(error);
}
