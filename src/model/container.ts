import type { Span } from '../source/span.js';
import type { AttrsValue, Value } from '../nix/eval/value.js';
import type { Policy } from '../engine/policy.js';
import { attrEntries, field } from './access.js';

/** The PowerSync container as `virtualisation.oci-containers.containers.<name>` defines it. */
export interface ContainerModel {
  name: string;
  /** Option path prefix as written, for messages: `virtualisation.oci-containers.containers.powersync`. */
  optionPath: string;
  /** Where the container's attribute name was written. */
  definedAt?: Span;
  attrs: AttrsValue;
  /** `podman-<name>` unless `serviceName` overrides it; the unit name without `.service`. */
  serviceName: string | Value;
  /** Legacy `docker-containers` / `extraDockerOptions` spelling. */
  legacy: boolean;
  option(name: string): Value | undefined;
}

const CONTAINER_SETS = [
  { path: ['virtualisation', 'oci-containers', 'containers'], legacy: false },
  { path: ['docker-containers'], legacy: true },
];

/** The image repository of an image reference, without registry host, tag or digest. */
export function imageRepository(image: string): string {
  let ref = image.split('@')[0];
  const lastSlash = ref.lastIndexOf('/');
  const colon = ref.lastIndexOf(':');
  if (colon > lastSlash) ref = ref.slice(0, colon);
  const parts = ref.split('/');
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) parts.shift();
  if (parts[0] === 'library') parts.shift();
  return parts.join('/');
}

/**
 * Finds the PowerSync container: the one whose image repository is the policy image, else the
 * one named like the policy container. Other containers are none of the PowerSync rules' business.
 */
export function findContainer(config: Value, policy: Policy): ContainerModel | undefined {
  const candidates: ContainerModel[] = [];
  for (const set of CONTAINER_SETS) {
    const containers = field(config, ...set.path);
    for (const entry of attrEntries(containers)) {
      if (entry.value.kind !== 'attrs' || !hasActiveDefinition(entry.value)) continue;
      candidates.push(containerModel(entry.name, entry.value, entry.key, set));
    }
  }
  const byImage = candidates.find((c) => {
    const image = c.option('image');
    return image?.kind === 'string' && imageRepository(image.value) === policy.image;
  });
  return byImage ?? candidates.find((c) => c.name === policy.container);
}

/**
 * Whether any option under `v` has a definition that is not under a false `mkIf`. The module
 * system drops an `attrsOf` attribute whose every definition is inactive, so a container
 * defined only under `mkIf false` does not exist.
 */
function hasActiveDefinition(v: AttrsValue, depth = 0): boolean {
  if (depth > 8) return true;
  return attrEntries(v).some((e) => e.value.kind !== 'attrs' || e.value.attrs.size === 0 || hasActiveDefinition(e.value, depth + 1));
}

function containerModel(name: string, attrs: AttrsValue, definedAt: Span | undefined, set: { path: string[]; legacy: boolean }): ContainerModel {
  const option = (optionName: string): Value | undefined => {
    const value = field(attrs, optionName);
    if (value || !set.legacy || optionName !== 'extraOptions') return value;
    return field(attrs, 'extraDockerOptions');
  };
  const serviceNameValue = option('serviceName');
  return {
    name,
    optionPath: `${set.path.join('.')}.${name}`,
    definedAt,
    attrs,
    legacy: set.legacy,
    option,
    serviceName: serviceNameValue === undefined ? `${set.legacy ? 'docker' : 'podman'}-${name}` : serviceNameValue.kind === 'string' ? serviceNameValue.value : serviceNameValue,
  };
}
