import { databaseUrl, loadConfig } from './config';

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
