import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryOptions {
  /** What is being reached, for the log line: "database at mongodb://127.0.0.1:27117". */
  what: string;
  log: (line: string) => void;
  maxDelayMs?: number;
  signal?: AbortSignal;
}

/**
 * Keeps trying `attempt` with exponential backoff, logging one clear line per failure,
 * instead of letting a service crash in a loop while a dependency is still starting.
 */
export async function retryWithBackoff<T>(
  attempt: () => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  let delayMs = 250;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (options.signal?.aborted) throw error;
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      options.log(
        `${options.what} is unreachable (${reason}); retrying in ${Math.round(delayMs / 100) / 10} s`,
      );
      await sleep(delayMs, undefined, { signal: options.signal });
      delayMs = Math.min(options.maxDelayMs ?? 10_000, delayMs * 2);
    }
  }
}
