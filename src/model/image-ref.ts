/** An image reference `[registry/]repository[:tag][@algo:digest]`, with offsets into the text. */
export interface ImageReference {
  repository: { text: string; start: number; end: number };
  tag?: { text: string; start: number; end: number };
  digest?: { text: string; start: number; end: number };
}

export function parseImageReference(text: string): ImageReference {
  const at = text.indexOf('@');
  const name = at >= 0 ? text.slice(0, at) : text;
  const digest = at >= 0 ? { text: text.slice(at + 1), start: at + 1, end: text.length } : undefined;
  const colon = name.lastIndexOf(':');
  const slash = name.lastIndexOf('/');
  const hasTag = colon > slash;
  return {
    repository: { text: hasTag ? name.slice(0, colon) : name, start: 0, end: hasTag ? colon : name.length },
    tag: hasTag ? { text: name.slice(colon + 1), start: colon + 1, end: name.length } : undefined,
    digest,
  };
}

/** A concrete release: `X.Y.Z`, not floating (`X`, `X.Y`, `latest`), not `-next` or a dev build. */
export function isReleaseTag(tag: string): boolean {
  return /^\d+\.\d+\.\d+$/.test(tag);
}

export function isFullDigest(digest: string): boolean {
  return /^sha256:[0-9a-f]{64}$/.test(digest);
}
