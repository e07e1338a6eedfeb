import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, didYouMean } from '../engine/errors.js';

type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into usage errors (exit 2) in
 * our words, with a "did you mean" for a mistyped option. `command` names the command in the
 * pointer to its help ('' for the default command). */
export function parseCommandArgs<const O extends OptionSpecs>(command: string, args: string[], options: O, allowPositionals: boolean) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true, tokens: true });
  } catch (error) {
    const helpCommand = command === '' ? 'powersync-lint --help' : `powersync-lint ${command} --help`;
    throw new UsageError(`${describeParseError(error, options)}\nRun "${helpCommand}" for usage.`);
  }
}

function describeParseError(error: unknown, options: OptionSpecs): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  // Node names the option in quotes, e.g. "Option '-f, --format <value>' argument missing".
  const option = /--[\w-]+/.exec(message)?.[0] ?? /'(-[^'\s,]+)/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option}${didYouMean(option, Object.keys(options).map((name) => `--${name}`))}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (message.includes('does not take an argument')) return `option ${option} takes no value`;
      if (message.includes('ambiguous')) return `option ${option} needs a value (write ${option}=VALUE for a value that starts with "-")`;
      return `option ${option} needs a value`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''}`;
    default:
      throw error;
  }
}
