/** Who the browser checks our passkeys against: the deployment's public URL, never a Host header. */
export interface RelyingParty {
  /** The host name of the public URL (WebAuthn's RP ID). */
  id: string;
  name: string;
  /** The origin a browser's `clientDataJSON` must name. */
  origin: string;
}

export function relyingPartyOf(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, name: 'Coffer', origin: url.origin };
}
