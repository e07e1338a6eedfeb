import type { Rule } from '../src/engine/rule.js';
import type { Fix } from '../src/engine/finding.js';
import { listEntries, useSite } from '../src/model/access.js';
import { configMounts } from '../src/model/config-mounts.js';
import type { Mount } from '../src/model/mounts.js';
import { rangeIsUnknown } from '../src/nix/string-spans.js';

/**
 * The edit that makes a mount read-only, when the end of the volume string is literal text
 * written verbatim (not a let-bound or interpolated value): append `:ro` (`,ro` to an option
 * list), or turn an explicit `rw` option into `ro`.
 */
function readOnlyFix(mount: Mount): Fix | undefined {
  const { volume } = mount;
  const last = volume.parts[volume.parts.length - 1];
  const origin = last?.origin;
  if (!last || !origin || last.ref || last.unknown !== undefined || last.text.length !== origin.endIndex - origin.startIndex) return undefined;
  // Offsets into the last part's text map 1:1 onto the file from origin.startIndex.
  const text = last.text;
  const rw = mount.options.includes('rw') ? /(?<=[:,])rw(?=,|$)/.exec(text) : null;
  if (mount.options.includes('rw')) {
    if (!rw) return undefined;
    const start = origin.startIndex + rw.index;
    return { description: 'replace `rw` with `ro`', edits: [{ file: origin.file, startIndex: start, endIndex: start + 2, text: 'ro' }] };
  }
  const insert = volume.value.endsWith(':') ? 'ro' : mount.options.length > 0 ? ',ro' : ':ro';
  return { description: `append \`${insert}\``, edits: [{ file: origin.file, startIndex: origin.endIndex, endIndex: origin.endIndex, text: insert }] };
}

function readOnlyOptions(mount: Mount): string {
  return ['ro', ...mount.options.filter((o) => o !== 'rw' && o !== 'ro')].join(',');
}

const rule: Rule = {
  id: 'mounts-read-only',
  defaultSeverity: 'error',
  fixable: true,
  summary: 'The volumes that carry the service config and the sync rules are mounted read-only (`:ro`).',
  check({ model, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const { mounts, unknown } = configMounts(container, model.serviceConfig);
    if (unknown) cannotVerify('which volume carries the service config or the sync rules', unknown, container.definedAt);
    // A directory mount may carry both files; the same volume string is one mount.
    const entries = listEntries(container.option('volumes'));
    const siteOf = (mount: Mount) => (Array.isArray(entries) ? entries.find((e) => e.value === mount.volume)?.site : undefined);
    const seen = new Set<Mount['volume']>();
    for (const { mount } of mounts) {
      if (seen.has(mount.volume)) continue;
      seen.add(mount.volume);
      if (mount.options.includes('ro') && !mount.options.includes('rw')) continue;
      if (!mount.at) continue;
      // Options that are not statically known may well say `ro`.
      const destinationAt = mount.volume.value.lastIndexOf(`:${mount.destination}`);
      const hole = rangeIsUnknown(mount.volume, Math.max(destinationAt, 0), mount.volume.value.length);
      if (hole) {
        cannotVerify('the options of a config volume', { kind: 'unknown', reason: hole.unknown ?? 'unknown', origin: hole.origin ?? mount.at }, mount.at);
        continue;
      }
      const carried = mounts.filter((m) => m.mount.volume === mount.volume);
      const what = carried.map((m) => `the ${m.role} (${m.containerPath})`).join(' and ');
      const problem = mount.options.includes('rw') ? 'read-write (`rw`)' : 'read-write (no `ro` option)';
      report(mount.at, `The volume that carries ${what} is mounted ${problem}, so a process in the container can rewrite what PowerSync loads on its next start; end it in \`:${mount.destination}:${readOnlyOptions(mount)}\`.`, {
        fix: readOnlyFix(mount),
        related: useSite(mount.volume, siteOf(mount)),
      });
    }
  },
};

export default rule;
