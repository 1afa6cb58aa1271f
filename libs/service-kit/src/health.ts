import type { DependencyHealth } from '@coffer/contracts';

/** Runs one dependency check with a deadline so a hung dependency reads as down, not as a hang. */
export async function checkDependency(
  name: string,
  check: () => Promise<unknown>,
  timeoutMs = 2_000,
): Promise<DependencyHealth> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { name, up: true };
  } catch (error) {
    return {
      name,
      up: false,
      detail: error instanceof Error ? error.message.split('\n')[0] : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}
