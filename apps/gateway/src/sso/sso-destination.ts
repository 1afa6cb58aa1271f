/**
 * Where a person goes after signing in through SSO, carried through the IdP as RelayState.
 * Only these three shapes are accepted back, so RelayState cannot send anyone elsewhere.
 */
export type SsoDestination =
  { surface: 'portal' } | { surface: 'console' } | { surface: 'console'; pstExportId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function relayStateOf(destination: SsoDestination): string {
  return 'pstExportId' in destination ? `download:${destination.pstExportId}` : destination.surface;
}

export function destinationOf(relayState: unknown): SsoDestination | undefined {
  if (relayState === 'portal') return { surface: 'portal' };
  if (relayState === 'console') return { surface: 'console' };
  if (typeof relayState === 'string' && relayState.startsWith('download:')) {
    const pstExportId = relayState.slice('download:'.length);
    if (UUID.test(pstExportId)) return { surface: 'console', pstExportId };
  }
  return undefined;
}

/** The page to open once signed in, on our own origin. */
export function landingPathOf(destination: SsoDestination): string {
  if ('pstExportId' in destination) return `/download/pst/${destination.pstExportId}`;
  return destination.surface === 'portal' ? '/portal' : '/console';
}
