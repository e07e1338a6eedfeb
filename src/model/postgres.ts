import type { Span } from '../source/span.js';
import type { Value } from '../nix/eval/value.js';
import { field, keyOrigin } from './access.js';

/**
 * The host's PostgreSQL as `services.postgresql` configures it
 * (nixos/modules/services/databases/postgresql.nix). Option values stay values with origins;
 * rules read what they need. Undefined means no module defined the option (its NixOS default
 * applies: `enableTCPIP = false`, no `settings.ssl`, empty `ensureDatabases`/`ensureUsers`).
 */
export interface PostgresModel {
  /** The merged `services.postgresql`, when any module defines it. */
  attrs?: Value;
  /** Where `postgresql` was first written under `services`. */
  definedAt?: Span;
  enable?: Value;
  /** Free-form `postgresql.conf` settings: `shared_buffers`, `listen_addresses`, `ssl`, … */
  settings?: Value;
  ensureDatabases?: Value;
  /** A list of `{ name; ensureDBOwnership; ensureClauses; … }`. */
  ensureUsers?: Value;
  enableTCPIP?: Value;
  /** `pg_hba.conf` lines (`types.lines`: definitions from several modules joined by newlines). */
  authentication?: Value;
  /** One `settings.<name>`, and where its name was written. */
  setting(name: string): { value?: Value; keyAt?: Span };
}

export function findPostgres(config: Value): PostgresModel {
  const services = field(config, 'services');
  const attrs = field(services, 'postgresql');
  const settings = field(attrs, 'settings');
  return {
    attrs,
    definedAt: keyOrigin(services, 'postgresql'),
    enable: field(attrs, 'enable'),
    settings,
    ensureDatabases: field(attrs, 'ensureDatabases'),
    ensureUsers: field(attrs, 'ensureUsers'),
    enableTCPIP: field(attrs, 'enableTCPIP'),
    authentication: field(attrs, 'authentication'),
    setting: (name) => ({ value: field(settings, name), keyAt: keyOrigin(settings, name) }),
  };
}
