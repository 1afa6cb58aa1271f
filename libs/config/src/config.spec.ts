import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { databaseUrl, loadConfig } from './config';
import { KEY_VARIABLES, keyRingFrom, localDeploymentKeys } from './keys';

describe('loadConfig', () => {
  it('has embedded defaults for everything', () => {
    const config = loadConfig({});
    expect(config.ports.gateway).toBe(3000);
    expect(config.kafkaBrokers).toEqual(['127.0.0.1:19092']);
    expect(databaseUrl(config, 'identity')).toBe('mongodb://127.0.0.1:27117/coffer-identity');
    expect(config.topicPrefix).toBe('coffer.');
  });

  it('moves every port with one offset, and lets one port be set alone', () => {
    const config = loadConfig({ COFFER_PORT_OFFSET: '100', COFFER_AUDIT_PORT: '9999' });
    expect(config.ports.gateway).toBe(3100);
    expect(config.ports.kafka).toBe(19192);
    expect(config.ports.audit).toBe(9999);
  });

  it('says clearly what is wrong', () => {
    expect(() => loadConfig({ COFFER_NAMESPACE: 'Bad Name!' })).toThrow(/COFFER_NAMESPACE/);
    expect(() => loadConfig({ COFFER_GATEWAY_PORT: 'http' })).toThrow(
      /COFFER_GATEWAY_PORT must be a port number/,
    );
  });
});

describe('keys', () => {
  const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');

  // Regression: the keys had public defaults in the code, so every deployment that set none
  // signed download grants and hashed API tokens with keys anyone could read.
  it('has no default: a missing key names its variable and how to make one', () => {
    const config = loadConfig({});
    expect(() => config.pstExport.grantKeys).toThrow(
      /COFFER_DOWNLOAD_GRANT_KEY is not set.*openssl rand -base64 32/,
    );
    expect(() => config.tokens.hmacKey).toThrow(/COFFER_TOKEN_HMAC_KEY is not set/);
    expect(() =>
      keyRingFrom({ COFFER_TOKEN_ENCRYPTION_KEY: 'c2hvcnQ=' }, 'tokenEncryption'),
    ).toThrow(/COFFER_TOKEN_ENCRYPTION_KEY must be 32 bytes/);
  });

  it('reads the current key and the older ones still accepted', () => {
    const ring = keyRingFrom(
      { COFFER_TOKEN_HMAC_KEY: key(1), COFFER_TOKEN_HMAC_PREVIOUS_KEYS: `${key(2)}, ${key(3)}` },
      'tokenHmac',
    );
    expect(ring.current).toEqual(Buffer.alloc(32, 1));
    expect(ring.previous).toEqual([Buffer.alloc(32, 2), Buffer.alloc(32, 3)]);
  });

  it('makes random local keys once, private to their owner, and reuses them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'coffer-keys-'));
    try {
      const first = localDeploymentKeys(dir);
      expect(Object.keys(first).sort()).toEqual(Object.values(KEY_VARIABLES).sort());
      expect(new Set(Object.values(first)).size).toBe(Object.keys(KEY_VARIABLES).length);
      expect(statSync(join(dir, 'keys.json')).mode & 0o777).toBe(0o600);
      expect(localDeploymentKeys(dir)).toEqual(first);
      expect(() => keyRingFrom(first, 'downloadGrant')).not.toThrow();
      // A container reads them from its secrets volume; a variable set directly wins.
      const config = loadConfig({ COFFER_KEYS_FILE: join(dir, 'keys.json') });
      expect(config.pstExport.grantKeys.current.toString('base64')).toBe(
        first.COFFER_DOWNLOAD_GRANT_KEY,
      );
      const own = key(7);
      expect(
        loadConfig({ COFFER_KEYS_FILE: join(dir, 'keys.json'), COFFER_TOKEN_HMAC_KEY: own }).tokens
          .hmacKey,
      ).toEqual(Buffer.alloc(32, 7));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
