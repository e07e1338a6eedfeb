/** Where an image reference's repository lives: the registry's base URL and the repository
 * path the distribution API wants, with Docker Hub's conventions applied. */
export const DOCKER_HUB = 'https://registry-1.docker.io';

const DOCKER_HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);

export interface RepositoryLocation {
  /** `https://registry-1.docker.io`. */
  baseUrl: string;
  /** `journeyapps/powersync-service`, `library/nginx`. */
  repository: string;
}

/**
 * `name` is the image reference without tag and digest (`journeyapps/powersync-service`,
 * `ghcr.io/org/image`, `nginx`). The first component is a registry host when it has a dot or a
 * port or is `localhost` (Docker's rule). `registry` (--registry) overrides the host.
 */
export function locateRepository(name: string, registry?: string): RepositoryLocation {
  const parts = name.split('/');
  let host: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) host = parts.shift();
  const onDockerHub = registry === undefined ? host === undefined || DOCKER_HUB_HOSTS.has(host) : isDockerHubUrl(registry);
  if (onDockerHub && parts.length === 1) parts.unshift('library');
  const baseUrl = registry ?? (host === undefined || DOCKER_HUB_HOSTS.has(host) ? DOCKER_HUB : `https://${host}`);
  return { baseUrl, repository: parts.join('/') };
}

function isDockerHubUrl(url: string): boolean {
  try {
    return DOCKER_HUB_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}
