import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';

import { IdentityPatterns } from '@coffer/contracts';

import { callBackend } from '../backend/backend-call';
import type { BackendClients } from '../backend/backend-clients';

/**
 * node-saml's memory of the AuthnRequests we sent, kept by identity in its database: the IdP's
 * answer may arrive at another gateway replica than the one that sent the request.
 */
export class IdentityRequestCache implements CacheProvider {
  constructor(private readonly backends: BackendClients) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    await callBackend(this.backends, 'identity', IdentityPatterns.saveSamlRequest, { key, value });
    return { value, createdAt: Date.now() };
  }

  async getAsync(key: string): Promise<string | null> {
    const { value } = await callBackend<{ value: string | null }>(
      this.backends,
      'identity',
      IdentityPatterns.getSamlRequest,
      { key: key.slice(0, 200) },
    );
    return value;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (!key) return null;
    const { value } = await callBackend<{ value: string | null }>(
      this.backends,
      'identity',
      IdentityPatterns.removeSamlRequest,
      { key: key.slice(0, 200) },
    );
    return value;
  }
}
