/**
 * The host's PostgreSQL as the PowerSync container sees it over the network: whether the
 * storage connection points at this host at all, whether PostgreSQL listens on TCP beyond
 * loopback, has TLS, and lets the storage role in (pg_hba.conf). NixOS defaults
 * (nixos/modules/services/databases/postgresql.nix): `listen_addresses` is "*" with
 * `enableTCPIP`, else "localhost"; TLS is off unless `settings.ssl` is on.
 */
import type { Span } from '../source/span.js';
import type { UnknownValue, Value } from '../nix/eval/value.js';
import { field, listItems } from './access.js';
import type { HostModel } from './host-model.js';
import { networkUses } from './networks.js';
import type { PostgresModel } from './postgres.js';

/** Whether the container runs with host networking; undefined when its flags are not known. */
export function usesHostNetwork(model: HostModel): boolean | undefined {
  const container = model.container;
  if (!container || !Array.isArray(model.containerArgv)) return undefined;
  const networks = listItems(container.option('networks'));
  if (!Array.isArray(networks)) return undefined;
  return networkUses(networks, model.containerArgv).some((use) => use.name === 'host');
}

/** Names the container uses for the host it runs on. */
const HOST_ALIASES = new Set(['host.containers.internal', 'host.docker.internal', 'localhost']);

/**
 * Whether a storage host names this machine: a loopback or private address (the gateway of a
 * container network is the host), a host alias, or the host's own name. A public name is
 * another server, whose TLS and pg_hba this configuration does not decide.
 */
export function isThisHost(host: string, config: Value): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (HOST_ALIASES.has(h) || /^127\./.test(h) || h === '::1') return true;
  if (/^10\./.test(h) || /^192\.168\./.test(h) || /^172\.(1[6-9]|2\d|3[01])\./.test(h)) return true;
  if (/^f[cd][0-9a-f]{2}:/.test(h) || /^fe80:/.test(h)) return true;
  const hostName = field(config, 'networking', 'hostName');
  const domain = field(config, 'networking', 'domain');
  if (hostName?.kind === 'string') {
    if (h === hostName.value.toLowerCase()) return true;
    if (domain?.kind === 'string' && h === `${hostName.value}.${domain.value}`.toLowerCase()) return true;
  }
  return false;
}

/** A known boolean, the unknown value, or undefined when nobody set it. */
export function boolOption(value: Value | undefined): boolean | UnknownValue | undefined {
  if (!value) return undefined;
  if (value.kind === 'bool') return value.value;
  if (value.kind === 'unknown') return value;
  return undefined;
}

/** `settings.ssl`: a Nix bool, or PostgreSQL's boolean spellings in a string. */
export function postgresTls(postgres: PostgresModel): { tls: boolean; at?: Span } | UnknownValue {
  const { value, keyAt } = postgres.setting('ssl');
  if (!value) return { tls: false, at: postgres.definedAt };
  if (value.kind === 'unknown') return value;
  if (value.kind === 'bool') return { tls: value.value, at: keyAt ?? value.origin };
  if (value.kind === 'string') return { tls: /^(on|true|yes|1|t|y)$/i.test(value.value.trim()), at: value.origin ?? keyAt };
  if (value.kind === 'int') return { tls: value.value !== 0, at: value.origin ?? keyAt };
  return { tls: false, at: keyAt };
}

export interface ListenAddresses {
  /** The addresses PostgreSQL listens on (`*` for all). */
  addresses: string[];
  /** Where that was decided: `listen_addresses`, `enableTCPIP`, or `services.postgresql` for the default. */
  at?: Span;
  source: 'listen_addresses' | 'enableTCPIP' | 'default';
}

export function listenAddresses(postgres: PostgresModel): ListenAddresses | UnknownValue {
  const { value } = postgres.setting('listen_addresses');
  if (value?.kind === 'unknown') return value;
  if (value?.kind === 'string') return { addresses: value.value.split(',').map((a) => a.trim()).filter(Boolean), at: value.origin, source: 'listen_addresses' };
  const tcp = boolOption(postgres.enableTCPIP);
  if (typeof tcp === 'object') return tcp;
  if (tcp === true) return { addresses: ['*'], at: postgres.enableTCPIP?.origin, source: 'enableTCPIP' };
  return { addresses: ['localhost'], at: postgres.enableTCPIP?.origin ?? postgres.definedAt, source: tcp === false ? 'enableTCPIP' : 'default' };
}

export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  return a === 'localhost' || /^127\./.test(a) || a === '::1';
}

/** One pg_hba.conf record. */
export interface HbaLine {
  type: string;
  databases: string[];
  users: string[];
  address?: string;
  method: string;
}

/** pg_hba.conf records: comments and blank lines skipped, comma lists split, quotes dropped. */
export function parseHba(text: string): HbaLine[] {
  const lines: HbaLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') continue;
    const fields = line.match(/"[^"]*"|\S+/g) ?? [];
    const [type, db, user, ...rest] = fields;
    if (!type || !db || !user) continue;
    const list = (f: string) => f.split(',').map((x) => x.replace(/^"|"$/g, ''));
    if (type === 'local') {
      lines.push({ type, databases: list(db), users: list(user), method: rest[0] ?? '' });
      continue;
    }
    // `host db user 10.0.0.0/8 method` or `host db user 10.0.0.0 255.0.0.0 method`.
    const address = rest[0];
    const method = rest[1] && /^\d+\.\d+\.\d+\.\d+$/.test(rest[1]) ? (rest[2] ?? '') : (rest[1] ?? '');
    lines.push({ type, databases: list(db), users: list(user), address, method });
  }
  return lines;
}

/** Whether a host line lets `role` into `database` over TCP from somewhere other than loopback (or at all, with host networking). */
export function hbaAdmits(lines: HbaLine[], role: string, database: string, options: { loopbackCounts: boolean; tls: boolean }): boolean {
  for (const line of lines) {
    if (!['host', 'hostnossl', ...(options.tls ? ['hostssl'] : [])].includes(line.type)) continue;
    const dbMatches = line.databases.some((d) => d === 'all' || d === database || (d === 'sameuser' && role === database) || d === 'samerole');
    const userMatches = line.users.some((u) => u === 'all' || u === role || u.startsWith('+'));
    if (!dbMatches || !userMatches) continue;
    const address = line.address ?? '';
    const loopback = /^127\./.test(address) || address === '::1/128' || address === '::1' || address === 'localhost';
    if (loopback && !options.loopbackCounts) continue;
    // The first matching record decides; `reject` refuses.
    return line.method !== 'reject';
  }
  return false;
}

