/**
 * PowerSync image tags (REFERENCE.md): releases are `X.Y.Z`; `X.Y`, `X` and `latest` float;
 * `X.Y.Z-next` and `0.0.0-dev-…` are pre-releases. `pin` moves only between releases.
 */
export interface Release {
  tag: string;
  major: number;
  minor: number;
  patch: number;
}

const RELEASE = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

/** The release a tag names, or undefined for anything that is not a plain `X.Y.Z`. */
export function parseRelease(tag: string): Release | undefined {
  const match = RELEASE.exec(tag);
  if (!match) return undefined;
  const [major, minor, patch] = match.slice(1).map(Number);
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { tag, major, minor, patch };
}

/** The release line (`major.minor`) a current tag is on: from `X.Y.Z`, a floating `X.Y`, or a
 * pre-release `X.Y.Z-…`; undefined for `latest`, `X` or anything else. */
export function releaseLine(tag: string): { major: number; minor: number } | undefined {
  const match = /^(0|[1-9]\d*)\.(0|[1-9]\d*)(?:\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?)?$/.exec(tag);
  if (!match) return undefined;
  // 0.0.0-dev-… builds belong to no release line.
  if (match[1] === '0' && match[2] === '0' && /-dev/.test(tag)) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]) };
}

/** The highest `X.Y.Z` release among `tags` with the given major and minor. */
export function newestPatch(tags: Iterable<string>, line: { major: number; minor: number }): Release | undefined {
  let best: Release | undefined;
  for (const tag of tags) {
    const release = parseRelease(tag);
    if (!release || release.major !== line.major || release.minor !== line.minor) continue;
    if (!best || release.patch > best.patch) best = release;
  }
  return best;
}
