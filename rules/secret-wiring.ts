import type { Rule, RuleContext } from '../src/engine/rule.js';
import type { Span } from '../src/source/span.js';
import type { Value } from '../src/nix/eval/value.js';
import { listEntries, spanContains, type ListEntry } from '../src/model/access.js';
import type { SopsSecret } from '../src/model/sops.js';

/** Whether an `environmentFiles` entry is `config.sops.secrets.<name>.path` itself. The module
 * system supplies the default `/run/secrets/<name>` without an origin; an explicit `path` has
 * one. A reference evaluates to that very value; a copy typed by hand has its own origin. */
function isSecretPath(entry: Value, path: Value): boolean {
  if (entry === path) return true;
  if (entry.kind !== 'string' || path.kind !== 'string' || entry.value !== path.value) return false;
  const pathOrigins = path.parts.map((p) => p.origin);
  return entry.parts.every((p) => p.origin === undefined || pathOrigins.some((o) => o && o.file === p.origin!.file && o.startIndex === p.origin!.startIndex));
}

/** A hand-written copy of the secret's path: right today, wrong once `path` or the name changes. */
function isPathCopy(entry: Value, path: Value): boolean {
  return entry.kind === 'string' && path.kind === 'string' && entry.value === path.value && !isSecretPath(entry, path);
}

function unitNames(v: Value | undefined): { names: string[]; unknown?: Value } {
  const items = listEntries(v);
  if (!Array.isArray(items)) return { names: [], unknown: items };
  const names: string[] = [];
  for (const { value } of items) {
    if (value.kind === 'unknown') return { names, unknown: value };
    if (value.kind === 'string') names.push(value.value);
  }
  return { names };
}

const rule: Rule = {
  id: 'secret-wiring',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'Each policy secret is declared in sops.secrets, read by the container through environmentFiles as config.sops.secrets.<name>.path, and restarts its unit.',
  check(context) {
    const { model, policy, report, cannotVerify } = context;
    const container = model.container;
    if (!container) return;
    const environmentFiles = container.option('environmentFiles');
    const entries = listEntries(environmentFiles);
    if (!Array.isArray(entries)) cannotVerify('the container `environmentFiles`', entries, container.definedAt);
    const envAnchor: Span | undefined = environmentFiles?.origin ?? container.definedAt;
    for (const name of policy.secrets) {
      const secret = model.sops.secrets.get(name);
      const attr = `sops.secrets."${name}"`;
      if (!secret && model.sops.secretsUnknown) {
        cannotVerify(`whether the sops secret "${name}" is declared`, model.sops.secretsUnknown, container.definedAt);
        continue;
      }
      if (!secret) {
        const mention = Array.isArray(entries) ? entries.find((e) => e.site && mentions(e, name)) : undefined;
        const at = mention?.site ?? envAnchor;
        if (at) report(at, `The sops secret "${name}" is not declared, so sops-nix never decrypts it and the container has no ${name}; declare \`${attr} = { restartUnits = [ "${unitName(container.serviceName)}" ]; };\`.`);
        continue;
      }
      if (Array.isArray(entries)) checkEnvironmentFiles(context, secret, entries, envAnchor, container.optionPath);
      checkRestartUnits(context, secret, container.serviceName, container.definedAt);
    }
  },
};

function unitName(serviceName: string | Value): string {
  return typeof serviceName === 'string' ? `${serviceName}.service` : 'podman-<name>.service';
}

/** The entry as written mentions the secret's name (`config.sops.secrets."name".path`). */
function mentions(entry: ListEntry, name: string): boolean {
  return entry.value.kind === 'unknown' && entry.value.reason.includes(name);
}

function checkEnvironmentFiles({ report, cannotVerify }: RuleContext, secret: SopsSecret, entries: ListEntry[], anchor: Span | undefined, optionPath: string): void {
  const { name, path } = secret;
  if (!path) return;
  if (path.kind === 'unknown') return cannotVerify(`the path of the sops secret "${name}"`, path, secret.declaredAt);
  if (entries.some((e) => isSecretPath(e.value, path))) return;
  const copy = entries.find((e) => isPathCopy(e.value, path));
  if (copy) {
    const at = copy.value.origin ?? copy.site;
    if (at) {
      report(at, `The container reads the sops secret "${name}" from a path typed by hand; write \`config.sops.secrets."${name}".path\` so it follows the secret's \`path\` and name.`, {
        related: copy.site && !spanContains(copy.site, at) ? [{ at: copy.site, message: 'the value is used here' }] : undefined,
      });
    }
    return;
  }
  const unknown = entries.find((e) => e.value.kind === 'unknown');
  if (unknown && unknown.value.kind === 'unknown') return cannotVerify('an `environmentFiles` entry', unknown.value, unknown.site ?? anchor);
  if (anchor) {
    report(anchor, `The container does not read the sops secret "${name}": add \`config.sops.secrets."${name}".path\` to \`${optionPath}.environmentFiles\`, or PowerSync starts without the variables it holds.`, {
      related: secret.declaredAt ? [{ at: secret.declaredAt, message: 'the secret is declared here' }] : undefined,
    });
  }
}

function checkRestartUnits({ report, cannotVerify }: RuleContext, secret: SopsSecret, serviceName: string | Value, containerAt: Span | undefined): void {
  if (typeof serviceName !== 'string') {
    if (serviceName.kind === 'unknown') cannotVerify('the container `serviceName`', serviceName, containerAt);
    return;
  }
  const unit = `${serviceName}.service`;
  const { names, unknown } = unitNames(secret.restartUnits);
  if (unknown?.kind === 'unknown') return cannotVerify(`\`sops.secrets."${secret.name}".restartUnits\``, unknown, secret.declaredAt);
  if (names.includes(unit)) return;
  const at = secret.restartUnits?.origin ?? secret.declaredAt;
  if (!at) return;
  const near = names.find((n) => n === serviceName || n.replace(/\.service$/, '') === serviceName);
  const hint = near ? ` (\`${near}\` is not a full unit name, which sops-nix needs)` : '';
  report(at, `\`sops.secrets."${secret.name}".restartUnits\` does not list \`${unit}\`${hint}, so a rotated secret reaches the container only on its next restart; add \`"${unit}"\`.`);
}

export default rule;
