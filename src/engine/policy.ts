/** The policy (SPEC section 4). Every key is optional in the file; these defaults are the
 * web-arm deployment, so a repo laid out like it needs no policy file. */
/** The policy file at ROOT (its name lives here, away from the YAML parser, for the cache key). */
export const POLICY_FILE_NAME = '.powersync-lint.yaml';

export type RuleSetting = 'error' | 'warning' | 'off';

export interface Policy {
  host?: string;
  container: string;
  image: string;
  domain: string;
  listen: { address: string; port: number };
  network: { name: string; unit: string };
  /** Seconds (the file accepts nginx durations such as 3600s or 1h). */
  proxyTimeout: string;
  sharedBuffersMin: string;
  storage: { database: string; role: string };
  slotNamePrefix: string;
  secrets: string[];
  supabaseProject: string;
  probe: string;
  updateHelper: string;
  suppressions: { allowed: boolean; unsuppressible: string[] };
  rules: Record<string, RuleSetting>;
}

export function defaultPolicy(): Policy {
  return {
    container: 'powersync',
    image: 'journeyapps/powersync-service',
    domain: 'powersync.reptide.eu',
    listen: { address: '127.0.0.1', port: 8080 },
    network: { name: 'v6egress', unit: 'init-v6egress-network.service' },
    proxyTimeout: '3600s',
    sharedBuffersMin: '512MB',
    storage: { database: 'powersync_storage', role: 'powersync_storage' },
    slotNamePrefix: 'powersync_selfhost_',
    secrets: ['reptide-powersync-source-dsn'],
    supabaseProject: 'majxbigjafpzayzboxsf',
    probe: 'https://powersync.reptide.eu/probes/liveness',
    updateHelper: 'utils/pkgs/powersync-service/update.sh',
    suppressions: { allowed: true, unsuppressible: [] },
    rules: {},
  };
}
