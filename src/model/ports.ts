/** A podman/docker port mapping `[ip:][hostPort:]containerPort[/proto]`, IPv6 in brackets. */
export interface PortMapping {
  ip?: string;
  hostPort?: string;
  containerPort: string;
  protocol?: string;
}

export function parsePortMapping(text: string): PortMapping | undefined {
  let rest = text.trim();
  let protocol: string | undefined;
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    protocol = rest.slice(slash + 1);
    rest = rest.slice(0, slash);
  }
  let ip: string | undefined;
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return undefined;
    ip = rest.slice(0, close + 1);
    rest = rest.slice(close + 2);
  }
  const pieces = rest.split(':');
  if (ip !== undefined) pieces.unshift(ip);
  if (pieces.length === 1) return { containerPort: pieces[0], protocol };
  if (pieces.length === 2) return { hostPort: pieces[0], containerPort: pieces[1], protocol };
  if (pieces.length === 3) return { ip: pieces[0], hostPort: pieces[1] || undefined, containerPort: pieces[2], protocol };
  return undefined;
}

export function isLoopback(ip: string | undefined): boolean {
  return ip === '127.0.0.1' || ip === '[::1]' || ip === 'localhost';
}
