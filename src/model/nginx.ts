import type { Span } from '../source/span.js';
import type { Value } from '../nix/eval/value.js';
import { attrEntries, field, listItems } from './access.js';

/** The nginx virtual host serving the PowerSync domain, and the global settings that reach it. */
export interface VhostModel {
  name: string;
  definedAt?: Span;
  attrs: Value;
  /** The `/` location (the sync API needs its own (sub)domain; path prefixes are unsupported). */
  rootLocation?: Value;
  rootLocationAt?: Span;
}

export interface NginxModel {
  vhost?: VhostModel;
  /** `services.nginx.proxyTimeout`, emitted at http level only with recommendedProxySettings. */
  proxyTimeout?: Value;
  recommendedProxySettings?: Value;
}

export function findNginx(config: Value, domain: string): NginxModel {
  const nginx = field(config, 'services', 'nginx');
  const hosts = attrEntries(field(nginx, 'virtualHosts'));
  const match =
    hosts.find((h) => h.name === domain) ??
    hosts.find((h) => {
      const serverName = field(h.value, 'serverName');
      if (serverName?.kind === 'string' && serverName.value === domain) return true;
      const aliases = listItems(field(h.value, 'serverAliases'));
      return Array.isArray(aliases) && aliases.some((a) => a.kind === 'string' && a.value === domain);
    });
  let vhost: VhostModel | undefined;
  if (match) {
    const locations = field(match.value, 'locations');
    vhost = {
      name: match.name,
      definedAt: match.key,
      attrs: match.value,
      rootLocation: field(locations, '/'),
      rootLocationAt: locations?.kind === 'attrs' ? locations.keyOrigins.get('/') : undefined,
    };
  }
  return {
    vhost,
    proxyTimeout: field(nginx, 'proxyTimeout'),
    recommendedProxySettings: field(nginx, 'recommendedProxySettings'),
  };
}
