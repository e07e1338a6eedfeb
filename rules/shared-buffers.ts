import type { Rule } from '../src/engine/rule.js';
import type { Fix } from '../src/engine/finding.js';
import type { Value } from '../src/nix/eval/value.js';
import { rangeIsUnknown } from '../src/nix/string-spans.js';
import { parsePgMemory } from '../src/powersync/units.js';

/** PostgreSQL's compiled-in default when `shared_buffers` is not set. */
const PG_DEFAULT = '128MB';

/** Rewrites the literal the value was written as: the text inside a string's quotes, or a
 * number literal (replaced by a string, which `settings` accepts). */
function raiseFix(value: Value, target: string): Fix | undefined {
  const description = `set shared_buffers to ${target}`;
  if (value.kind === 'int' && value.origin) {
    return { description, edits: [{ file: value.origin.file, startIndex: value.origin.startIndex, endIndex: value.origin.endIndex, text: `"${target}"` }] };
  }
  if (value.kind !== 'string' || value.parts.length !== 1) return undefined;
  const [part] = value.parts;
  const origin = part.origin;
  if (!origin || part.ref || part.unknown !== undefined || part.text.length !== origin.endIndex - origin.startIndex) return undefined;
  return { description, edits: [{ file: origin.file, startIndex: origin.startIndex, endIndex: origin.endIndex, text: target }] };
}

const rule: Rule = {
  id: 'shared-buffers',
  defaultSeverity: 'error',
  fixable: true,
  summary: "The host PostgreSQL's shared_buffers is at least the policy minimum (units kB MB GB TB; a bare number counts 8 kB pages).",
  check({ model, policy, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const minimum = parsePgMemory(policy.sharedBuffersMin);
    if (minimum === undefined) return;
    const pg = model.postgres;
    const { value, keyAt } = pg.setting('shared_buffers');
    if (!value) {
      const at = pg.settings?.origin ?? pg.definedAt ?? container.definedAt;
      if (at) report(at, `\`services.postgresql.settings.shared_buffers\` is not set, so PostgreSQL uses its default ${PG_DEFAULT}, below the policy minimum ${policy.sharedBuffersMin} for PowerSync's bucket storage; set \`shared_buffers = "${policy.sharedBuffersMin}";\`.`);
      return;
    }
    if (value.kind === 'unknown') return cannotVerify('`shared_buffers`', value, keyAt);
    const hole = value.kind === 'string' ? rangeIsUnknown(value, 0, value.value.length) : undefined;
    if (hole) return cannotVerify('`shared_buffers`', { kind: 'unknown', reason: hole.unknown ?? 'unknown', origin: hole.origin ?? value.origin }, keyAt);
    const written = value.kind === 'string' ? value.value : value.kind === 'int' || value.kind === 'float' ? value.value : undefined;
    const at = value.origin ?? keyAt;
    if (!at) return;
    const bytes = written === undefined ? undefined : parsePgMemory(written);
    const shown = value.kind === 'string' ? `"${value.value}"` : String(written ?? value.kind);
    if (bytes === undefined) {
      report(at, `\`shared_buffers = ${shown}\` is not a PostgreSQL memory size (a number with kB, MB, GB or TB, case-sensitive; a bare number counts 8 kB pages), so PostgreSQL refuses to start; write \`"${policy.sharedBuffersMin}"\`.`, { fix: raiseFix(value, policy.sharedBuffersMin) });
      return;
    }
    if (bytes >= minimum) return;
    const pages = typeof written === 'number' || /^\s*[\d.]+\s*$/.test(String(written)) ? ` (a bare number counts 8 kB pages: ${formatBytes(bytes)})` : '';
    report(at, `\`shared_buffers = ${shown}\`${pages} is below the policy minimum ${policy.sharedBuffersMin}, so PostgreSQL caches too little of PowerSync's bucket storage and sync reads go to disk; write \`"${policy.sharedBuffersMin}"\`.`, {
      fix: raiseFix(value, policy.sharedBuffersMin),
    });
  },
};

function formatBytes(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['kB', 1024]] as const) if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  return `${bytes} bytes`;
}

export default rule;
