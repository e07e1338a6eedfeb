/** Arguments of the default command, `powersync-lint [options] [ROOT]`, checked up to what can
 * be known without touching the disk. */
import { UsageError, didYouMean } from '../engine/errors.js';
import { parseCommandArgs } from './args.js';
import { formatNames } from './formats.js';

export interface LintInvocation {
  help: boolean;
  version: boolean;
  /** As written; '.' when omitted. */
  root: string;
  host?: string;
  /** Relative to the working directory, as written. */
  entry?: string;
  config?: string;
  format: string;
  output?: string;
  /** Undefined: any number of warnings passes. */
  maxWarnings?: number;
  quiet: boolean;
  /** --staged: lint git's index instead of the working tree. */
  staged: boolean;
  /** False with --no-cache: neither read nor write the lint cache (src/engine/cache.ts). */
  cache: boolean;
  /** --fix: apply the fixes findings offer, in passes, and report what is left (src/cli/fix.ts). */
  fix?: boolean;
  /** --color (true) or --no-color (false), whichever came last; undefined leaves it to the
   * environment and the terminal. */
  color?: boolean;
}

const OPTIONS = {
  host: { type: 'string' },
  entry: { type: 'string' },
  config: { type: 'string', short: 'c' },
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  fix: { type: 'boolean' },
  staged: { type: 'boolean' },
  'no-cache': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Throws UsageError for a bad flag, a bad flag value or more than one ROOT. */
export function parseLintArgs(args: string[]): LintInvocation {
  const { values, positionals, tokens } = parseCommandArgs('', args, OPTIONS, true);
  const help = values.help === true;
  const version = values.version === true;
  // Help and version answer even when the rest of the line is wrong.
  if (help || version) return { help, version, root: '.', format: 'stylish', quiet: false, staged: false, cache: true };
  if (positionals.length > 1) throw new UsageError(`expected at most one ROOT directory, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = values.format ?? 'stylish';
  if (!formatNames.includes(format)) {
    throw new UsageError(`unknown format "${format}"${didYouMean(format, formatNames)}; formats: ${formatNames.join(', ')}`);
  }
  return {
    help,
    version,
    root: positionals[0] ?? '.',
    host: values.host,
    entry: values.entry,
    config: values.config,
    format,
    output: values.output,
    maxWarnings: values['max-warnings'] === undefined ? undefined : parseMaxWarnings(values['max-warnings']),
    quiet: values.quiet === true,
    fix: values.fix === true,
    staged: values.staged === true,
    cache: values['no-cache'] !== true,
    color: lastColorFlag(tokens),
  };
}

export function lastColorFlag(tokens: readonly { kind: string; name?: string }[]): boolean | undefined {
  let color: boolean | undefined;
  for (const token of tokens) {
    if (token.kind === 'option' && (token.name === 'color' || token.name === 'no-color')) color = token.name === 'color';
  }
  return color;
}

function parseMaxWarnings(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings needs a whole number of warnings (0 or more), got "${value}"`);
  return Number(value);
}
