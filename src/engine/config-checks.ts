/**
 * What the service config rules share: the config as a ConfigSource, and a CheckSink that
 * reports through the rule's context. The checks themselves live in src/powersync/, where
 * `powersync-lint config` calls them too.
 */
import { unknown } from '../nix/eval/value.js';
import type { CheckSink, ConfigSource } from '../powersync/config-source.js';
import type { RuleContext } from './rule.js';
import { listItems } from '../model/access.js';

export function ruleSink(context: RuleContext): CheckSink {
  return {
    report: (at, message, options) => context.report(at, message, options),
    cannotVerify: (what, reason, at) => context.cannotVerify(what, unknown(reason, at)),
  };
}

/**
 * The service config the container reads, or undefined when there is none to check (no
 * PowerSync container, no config found, or a config that does not parse). A config that cannot
 * be followed statically is one cannot-verify finding naming every rule that needed it. A
 * container with no config at all is service-config-schema's finding (`reportMissing`) —
 * unless it reads env files, which may carry POWERSYNC_CONFIG_B64.
 */
export function serviceConfigSource(context: RuleContext, options: { reportMissing?: boolean } = {}): ConfigSource | undefined {
  const { model } = context;
  const container = model.container;
  const config = model.serviceConfig;
  if (!container) return undefined;
  const what = 'the service config';
  if (!config) {
    const envFiles = listItems(container.option('environmentFiles'));
    if (!Array.isArray(envFiles) || envFiles.length > 0) {
      context.cannotVerify(what, unknown('no volume of the container provides a service config, and its environment files may set POWERSYNC_CONFIG_B64'), container.definedAt);
    } else if (options.reportMissing && container.definedAt) {
      context.report(
        container.definedAt,
        `The container \`${container.name}\` has no PowerSync service config: no POWERSYNC_CONFIG_PATH, no \`-c FILE\` in \`cmd\` and no mounted .yaml config, so the service fails at startup ("PowerSyncConfig could not be collected"); mount the config and set \`environment.POWERSYNC_CONFIG_PATH\`.`,
      );
    }
    return undefined;
  }
  if (config.kind === 'unknown') {
    context.cannotVerify(what, config, container.definedAt);
    return undefined;
  }
  // A document that does not parse is yaml-parse-error's: its value means nothing.
  if (config.document.errors.some((e) => e.code !== 'TAG_RESOLVE_FAILED')) return undefined;
  return config.document as ConfigSource;
}
