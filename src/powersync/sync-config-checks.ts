/**
 * Where the service config takes its sync rules from: `sync_config` (image ≥ 1.20.0) or its
 * deprecated alias `sync_rules`, each with a `path` (relative to the config file's directory)
 * or inline `content`. PowerSync refuses a config that has both keys.
 */
import type { YamlPath } from '../yaml/path.js';
import { isEnvPlaceholder, type EnvPlaceholder } from '../yaml/tags.js';
import type { CheckSink, ConfigSource } from './config-source.js';
import { documentSpan, hasKey, isPlainObject, keySpan, valueAt } from './config-source.js';

export type SyncConfigKey = 'sync_config' | 'sync_rules';

/** What the config says about its sync rules. */
export type SyncConfigRef =
  | { kind: 'path'; key: SyncConfigKey; path: string; at: YamlPath }
  | { kind: 'content'; key: SyncConfigKey; content: string; at: YamlPath }
  | { kind: 'env'; key: SyncConfigKey; env: EnvPlaceholder; at: YamlPath }
  | { kind: 'none'; key?: SyncConfigKey };

/** The section PowerSync reads: `sync_config`, else `sync_rules`. */
export function syncConfigRef(value: unknown): SyncConfigRef {
  const key: SyncConfigKey | undefined = hasKey(value, 'sync_config') ? 'sync_config' : hasKey(value, 'sync_rules') ? 'sync_rules' : undefined;
  if (!key) return { kind: 'none' };
  const section = valueAt(value, [key]);
  if (!isPlainObject(section)) return { kind: 'none', key };
  // PowerSync's collectors try the file before inline content (FileSystem, then Inline).
  for (const field of ['path', 'content'] as const) {
    const item = section[field];
    const at: YamlPath = [key, field];
    if (isEnvPlaceholder(item)) return { kind: 'env', key, env: item, at };
    if (typeof item === 'string') return field === 'content' ? { kind: 'content', key, content: item, at } : { kind: 'path', key, path: item, at };
  }
  return { kind: 'none', key };
}

export interface SyncConfigOptions {
  /** Linting a host: the service must have sync rules. */
  policy: boolean;
}

export function syncConfigProblems(source: ConfigSource, options: SyncConfigOptions, sink: CheckSink): void {
  const value = source.value;
  if (hasKey(value, 'sync_config') && hasKey(value, 'sync_rules')) {
    sink.report(
      keySpan(source, ['sync_rules']),
      'Both `sync_config` and its deprecated alias `sync_rules` are present: PowerSync refuses to start ("Both `sync_config` and `sync_rules` are present"); keep `sync_config` only.',
      { related: [{ at: keySpan(source, ['sync_config']), message: '`sync_config` is here' }] },
    );
  }
  if (!options.policy) return;
  const ref = syncConfigRef(value);
  if (ref.kind !== 'none') return;
  if (ref.key) {
    sink.report(keySpan(source, [ref.key]), `\`${ref.key}\` has neither \`path\` nor \`content\`, so the service has no sync rules and syncs nothing; add \`path: sync-rules.yaml\` (relative to the config file's directory in the container).`);
  } else {
    sink.report(documentSpan(source), 'The config names no sync rules (`sync_config`), so the service syncs nothing; add `sync_config: { path: sync-rules.yaml }` and mount the file next to the config.');
  }
}
