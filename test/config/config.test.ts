import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseConfig } from '../../config';

describe('configuration from the environment', () => {
  it('has working defaults for a local machine', () => {
    const c = parseConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBe('postgresql://postgres@127.0.0.1:5432/chi_so_cchc');
    expect(c.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'chi-so-cchc', tls: false });
    expect(c.smtp).toMatchObject({ host: '127.0.0.1', port: 1025, secure: false });
    expect(c.corsOrigins).toEqual([]);
    expect(c.trustProxy).toBe(false);
  });

  it('names every bad variable in one Vietnamese message', () => {
    const attempt = () => parseConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', TEMPORAL_ADDRESS: 'no-port', TRUST_PROXY: 'yes' });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/không hợp lệ/);
    for (const name of ['PORT', 'DATABASE_URL', 'TEMPORAL_ADDRESS', 'TRUST_PROXY']) expect(attempt).toThrow(new RegExp(`- ${name}`));
  });

  it('treats empty variables as unset', () => {
    expect(parseConfig({ PORT: '', SMTP_USER: '' }).port).toBe(3000);
  });

  it('reads CORS origins, proxy trust and Temporal TLS', () => {
    const c = parseConfig({ CORS_ORIGINS: 'https://cchc.tuyenquang.gov.vn, https://a.vn', TRUST_PROXY: '1', TEMPORAL_API_KEY: 'k' });
    expect(c.corsOrigins).toEqual(['https://cchc.tuyenquang.gov.vn', 'https://a.vn']);
    expect(c.trustProxy).toBe(1);
    expect(c.temporal.tls).toBe(true);
    expect(parseConfig({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(() => parseConfig({ CORS_ORIGINS: 'not a url' })).toThrow(/CORS_ORIGINS/);
  });

  it('reads the metrics guard and listeners', () => {
    expect(parseConfig({}).metrics).toEqual({ token: undefined, temporalAddress: undefined, workerAddress: '127.0.0.1:9465' });
    const c = parseConfig({ METRICS_TOKEN: 'a'.repeat(32), TEMPORAL_METRICS_ADDRESS: '0.0.0.0:9464', WORKER_METRICS_ADDRESS: 'off' });
    expect(c.metrics).toEqual({ token: 'a'.repeat(32), temporalAddress: '0.0.0.0:9464', workerAddress: undefined });
    expect(() => parseConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
    expect(() => parseConfig({ WORKER_METRICS_ADDRESS: '9465' })).toThrow(/WORKER_METRICS_ADDRESS/);
  });

  it('wants a TLS certificate and key together', () => {
    expect(() => parseConfig({ TEMPORAL_TLS_CERT_PATH: '/x.crt' })).toThrow(/TEMPORAL_TLS_KEY_PATH/);
  });
});
