import { posix } from 'node:path';
import type { UnknownValue } from '../nix/eval/value.js';
import { unknown } from '../nix/eval/value.js';
import { isEnvPlaceholder } from '../yaml/tags.js';
import type { Mount } from './mounts.js';
import { mountFor } from './mounts.js';
import type { ServiceConfigModel } from './service-config.js';
import { containerMounts } from './service-config.js';
import type { ContainerModel } from './container.js';

/** A container mount that carries a file PowerSync reads its configuration from. */
export interface ConfigMount {
  role: 'service config' | 'sync rules';
  /** The file's path inside the container. */
  containerPath: string;
  mount: Mount;
}

/**
 * The sync rules path inside the container: `sync_config.path` (image ≥ 1.20.0), or its
 * deprecated alias `sync_rules.path`, resolved against the config file's directory as
 * PowerSync does. Undefined when the rules are inline (`content`) or not configured.
 */
export function syncRulesContainerPath(serviceConfig: ServiceConfigModel): string | UnknownValue | undefined {
  const config = serviceConfig.document.value;
  if (!isMap(config)) return undefined;
  for (const key of ['sync_config', 'sync_rules']) {
    const section = config[key];
    if (!isMap(section) || section.path === undefined) continue;
    const path = section.path;
    if (isEnvPlaceholder(path)) return unknown(`\`${key}.path\` comes from the environment variable ${path.env}`, serviceConfig.document.spanOf([key, 'path']));
    if (typeof path !== 'string') return undefined;
    return posix.resolve(posix.dirname(serviceConfig.containerPath), path);
  }
  return undefined;
}

/** The mounts of the service config and of the sync rules (one mount when a directory carries
 * both), and what could not be followed. */
export function configMounts(container: ContainerModel, serviceConfig: ServiceConfigModel | UnknownValue | undefined): { mounts: ConfigMount[]; unknown?: UnknownValue } {
  if (!serviceConfig) return { mounts: [] };
  if (serviceConfig.kind === 'unknown') return { mounts: [], unknown: serviceConfig };
  const mounts: ConfigMount[] = [{ role: 'service config', containerPath: serviceConfig.containerPath, mount: serviceConfig.mount }];
  const rulesPath = syncRulesContainerPath(serviceConfig);
  if (typeof rulesPath === 'object') return { mounts, unknown: rulesPath };
  if (rulesPath) {
    const provided = mountFor(containerMounts(container), rulesPath);
    if (provided) mounts.push({ role: 'sync rules', containerPath: rulesPath, mount: provided.mount });
  }
  return { mounts };
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !isEnvPlaceholder(v);
}
