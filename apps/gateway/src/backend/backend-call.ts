import type { BackendServiceName } from '@coffer/config';

import type { BackendClients } from './backend-clients';

/** @deprecated Send a message definition with `BackendClients.send`; this goes with the last caller. */
export function callBackend<Result>(
  clients: BackendClients,
  service: BackendServiceName,
  pattern: string,
  data: unknown,
  timeoutMs?: number,
): Promise<Result> {
  return clients.sendPattern<Result>(service, pattern, data, timeoutMs);
}
