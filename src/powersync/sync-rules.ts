/**
 * Sync rules validated by PowerSync's own parser, `@powersync/service-sync-rules`
 * (`SqlSyncRules.fromYaml`), SQL included. The package costs a few hundred milliseconds to
 * load, so it is loaded on the first file to validate, never at start-up: synchronously, with
 * require() (Node 20.19+ loads this ES module that way), because rules are synchronous.
 */
import { validateInWorker, type WorkerOutcome } from './sync-rules-worker.js';
import { requireVendored } from './vendored.js';

export interface SyncRulesIssue {
  /** Offsets into the validated text. */
  start: number;
  end: number;
  message: string;
  severity: 'error' | 'warning';
}

interface YamlErrorLike {
  message: string;
  type?: 'warning' | 'fatal';
  location?: { start: number; end: number };
}

interface SyncRulesPackage {
  SqlSyncRules: { fromYaml(text: string, options: { defaultSchema: string; throwOnError?: boolean }): { errors: YamlErrorLike[] } };
}

let loaded: SyncRulesPackage | undefined;

function syncRulesPackage(): SyncRulesPackage {
  if (!loaded) {
    polyfillObjectGroupBy();
    loaded = requireVendored<SyncRulesPackage>('@powersync/service-sync-rules', 'service-sync-rules.cjs');
  }
  return loaded;
}

/**
 * Edition-3 sync config (sync streams) is compiled with Object.groupBy, which Node gained in
 * 21; the service's own image runs a newer Node. Same semantics: a null-prototype object of arrays.
 */
export function polyfillObjectGroupBy(): void {
  const object = Object as unknown as { groupBy?: unknown };
  if (typeof object.groupBy === 'function') return;
  Object.defineProperty(Object, 'groupBy', {
    configurable: true,
    writable: true,
    value: function groupBy<T>(items: Iterable<T>, keyOf: (item: T, index: number) => PropertyKey): Record<PropertyKey, T[]> {
      const groups = Object.create(null) as Record<PropertyKey, T[]>;
      let index = 0;
      for (const item of items) {
        const key = keyOf(item, index++);
        (groups[key] ??= []).push(item);
      }
      return groups;
    },
  });
}

/** Every problem PowerSync's parser finds, `fatal` as errors; the text must be the whole file.
 * The parser runs in a worker thread when one can be started (src/powersync/sync-rules-worker.ts). */
export function validateSyncRules(text: string): SyncRulesIssue[] {
  const outcome = validateInWorker(text) ?? validateInProcess(text);
  switch (outcome.kind) {
    case 'timeout':
      return [{ start: 0, end: 0, message: `PowerSync's sync rules parser did not finish within ${outcome.seconds} s, so the sync rules are not verified; is the file this large on purpose?`, severity: 'warning' }];
    case 'thrown':
      // throwOnError: false still throws on input it cannot make sense of at all.
      return [{ start: 0, end: 0, message: `PowerSync's sync rules parser rejects the file: ${firstLine(outcome.message)}`, severity: 'error' }];
    case 'errors':
      return outcome.errors.map((error) => {
        const start = clamp(error.location?.start ?? 0, text.length);
        const end = clamp(Math.max(error.location?.end ?? start, start), text.length);
        return { start, end, message: cleanMessage(error.message), severity: error.type === 'warning' ? 'warning' : 'error' };
      });
  }
}

function validateInProcess(text: string): WorkerOutcome {
  const { SqlSyncRules } = syncRulesPackage();
  try {
    return { kind: 'errors', errors: SqlSyncRules.fromYaml(text, { defaultSchema: 'public', throwOnError: false }).errors };
  } catch (error) {
    return { kind: 'thrown', message: (error as Error).message };
  }
}

function clamp(offset: number, length: number): number {
  return Math.max(0, Math.min(offset, length));
}

/**
 * The SQL parser's syntax errors carry a code frame and a list of every token it would have
 * accepted; the finding has its own location and code frame, so keep the sentence that says
 * what is wrong.
 */
export function cleanMessage(message: string): string {
  const unexpected = /Unexpected (\S+) token: "([^"]*)"/.exec(message);
  if (/^Syntax error at line/.test(message) && unexpected) return `SQL syntax error: unexpected \`${unexpected[2]}\`.`;
  if (/^invalid syntax at line/.test(message)) return 'SQL syntax error: text the SQL parser cannot read (an unclosed quote, or a character SQL does not use).';
  if (message.trim() === 'Unexpected end of input') return 'SQL syntax error: the query ends too early (an unclosed parenthesis or quote?).';
  const first = firstLine(message).trim();
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim() !== '') ?? text;
}
