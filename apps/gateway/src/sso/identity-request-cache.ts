import type { CacheItem, CacheProvider } from '@node-saml/passport-saml';

import { SsoMessages } from '@coffer/contracts';

import type { BackendClients } from '../backend/backend-clients';

/**
 * node-saml's memory of the AuthnRequests we sent, kept by identity in its database: the IdP's
 * answer may arrive at another gateway replica than the one that sent the request.
 */
export class IdentityRequestCache implements CacheProvider {
  constructor(private readonly backends: BackendClients) {}

  async saveAsync(key: string, value: string): Promise<CacheItem | null> {
    await this.backends.send(SsoMessages.saveRequest, { key, value });
    return { value, createdAt: Date.now() };
  }

  async getAsync(key: string): Promise<string | null> {
    const { value } = await this.backends.send(SsoMessages.getRequest, { key: key.slice(0, 200) });
    return value;
  }

  async removeAsync(key: string | null): Promise<string | null> {
    if (!key) return null;
    const { value } = await this.backends.send(SsoMessages.removeRequest, {
      key: key.slice(0, 200),
    });
    return value;
  }
}
