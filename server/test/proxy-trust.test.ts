import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { DEFAULT_PROXY_NETWORKS, proxyTrust } from '../src/platform/proxy-trust.js';

describe('proxyTrust', () => {
  it('trusts only the configured number of hops, each from a proxy network', () => {
    const trust = proxyTrust(2, ['127.0.0.1', '10.0.0.0/8']);
    expect(trust('127.0.0.1', 0)).toBe(true);
    expect(trust('10.1.2.3', 1)).toBe(true);
    expect(trust('10.1.2.3', 2)).toBe(false); // a third hop: whatever the client wrote
    expect(trust('203.0.113.5', 0)).toBe(false); // a client reaching the server directly
    expect(trust('127.0.0.2', 0)).toBe(false);
    expect(trust('::ffff:127.0.0.1', 0)).toBe(true); // IPv4 on a dual-stack socket
    expect(trust('not-an-address', 0)).toBe(false);
  });

  it('trusts nothing with zero hops', () => {
    const trust = proxyTrust(0, DEFAULT_PROXY_NETWORKS);
    expect(trust('127.0.0.1', 0)).toBe(false);
  });

  it('refuses a malformed network, so a typo stops the start', () => {
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.0/', '::1/129', ''])
      expect(() => proxyTrust(1, [bad]), bad).toThrow(/not an IP address or CIDR network/);
  });
});

describe('loadConfig: proxy hops', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zhongli-config-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const load = (env: Record<string, string>) =>
    loadConfig({ DATA_DIR: dataDir, SESSION_SECRET: 'x'.repeat(32), ...env });

  it('reads TRUST_PROXY_HOPS, keeps TRUST_PROXY=1 as one hop, and trusts none by default', () => {
    expect(load({}).trustProxyHops).toBe(0);
    expect(load({ TRUST_PROXY: '1' }).trustProxyHops).toBe(1);
    expect(load({ TRUST_PROXY_HOPS: '2' }).trustProxyHops).toBe(2);
    expect(load({ TRUST_PROXY: '1', TRUST_PROXY_HOPS: '0' }).trustProxyHops).toBe(0);
    expect(load({}).trustProxyFrom).toEqual(DEFAULT_PROXY_NETWORKS);
    expect(load({ TRUST_PROXY_FROM: '10.0.0.2, 10.0.1.0/24' }).trustProxyFrom).toEqual(['10.0.0.2', '10.0.1.0/24']);
  });

  it('refuses a hop count that is not a small whole number', () => {
    for (const bad of ['-1', '1.5', 'true', '11', ' 1'])
      expect(() => load({ TRUST_PROXY_HOPS: bad }), bad).toThrow(/TRUST_PROXY_HOPS/);
  });
});
