import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { OutboundRefusedError, refusalFor, refusalForHost, type AllowList } from './rule';

// Why not request-filtering-agent: it is an http.Agent (node:http, not fetch/undici), it has
// no host-name allow-list, and it checks in the socket's 'lookup' event. Here the rule sits in
// the two places every connection passes: the connector (literal addresses, which skip DNS)
// and the lookup the socket connects with (names). A name is resolved once, and the socket
// connects only to the addresses that were checked, so DNS rebinding cannot slip past.

type Resolve = (hostname: string, options: LookupOptions & { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

function guardedLookup(allow: AllowList, resolve: Resolve): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...(options as LookupOptions), all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      for (const { address } of addresses) {
        const refusal = refusalFor(address, hostname, allow);
        if (refusal) return callback(new OutboundRefusedError(refusal), '', 0);
      }
      if ((options as LookupOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** An undici dispatcher that refuses, before connecting, every address the rule refuses. `resolve` is for tests. */
export function guardedAgent(allow: AllowList, resolve: Resolve = dns.lookup): Agent {
  const connect = buildConnector({ lookup: guardedLookup(allow, resolve) });
  return new Agent({
    connect: (options, callback) => {
      const refusal = refusalForHost(options.hostname, allow);
      if (refusal) return callback(new OutboundRefusedError(refusal), null);
      connect(options, callback);
    },
  });
}
