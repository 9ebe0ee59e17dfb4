import { BlockList, isIP } from 'node:net';

/** Where a reverse proxy usually stands: this machine or the local network. */
export const DEFAULT_PROXY_NETWORKS = [
  '127.0.0.0/8',
  '::1/128',
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
];

/**
 * Fastify's `trustProxy` for `hops` reverse proxies standing at `networks` (IPs or CIDRs). The client address
 * is read at most `hops` entries back in X-Forwarded-For, and only through hops whose address is a proxy's:
 * what a client wrote further back is ignored, and a client reaching the server directly (not from a proxy
 * network) cannot supply X-Forwarded-For at all. (Fastify 5 refuses a bare hop count for that second reason:
 * `trustProxy: 1` trusts nothing.) Throws on a malformed network, so a typo stops the start.
 */
export function proxyTrust(hops: number, networks: readonly string[]): (address: string, hop: number) => boolean {
  const proxies = new BlockList();
  for (const network of networks) {
    const [address = '', bits] = network.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (!family || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 6 ? 128 : 32) || bits === '')
      throw new Error(`not an IP address or CIDR network: ${network}`);
    proxies.addSubnet(address, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return (address, hop) => {
    const family = isIP(address);
    return hop < hops && family !== 0 && proxies.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The client address the sign-in limit counts under: the one Fastify read through the trusted proxies,
 * when it is an IP address at all (a client on a proxy network could write anything into
 * X-Forwarded-For); otherwise the address that connected. IPv4 mapped into IPv6 counts as the IPv4 address.
 */
export function clientAddress(request: { ip: string; socket: { remoteAddress?: string } }): string {
  const address = isIP(request.ip) ? request.ip : (request.socket.remoteAddress ?? 'unknown');
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}
