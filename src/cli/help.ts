import { commands } from './commands.js';
import { formatNames } from './formats.js';

/** `powersync-lint --help`. Commands and formats come from their tables, so that a command
 * or format added there shows here. */
export function lintHelp(): string {
  const commandWidth = Math.max(...commands.map((command) => usage(command).length));
  return `powersync-lint — check a NixOS host that self-hosts the PowerSync Service, before it is built.
Finds what \`nixos-rebuild dry-build\` cannot: a floating image, a port open to the LAN, a
replication DSN through the pooler, an nginx that cuts long-lived sync connections, a
service config that PowerSync rejects or silently ignores.

Usage:
  powersync-lint [options] [ROOT]     lint the host under ROOT (default: the current directory)
  powersync-lint COMMAND [args]       run one of the commands below

Options:
  --host NAME           host to lint, configured in hosts/NAME/ (default: "host" in the
                        policy file, else the one host that runs journeyapps/powersync-service)
  --entry FILE          entry module instead of hosts/NAME/configuration.nix
  -c, --config FILE     policy file (default: ROOT/.powersync-lint.yaml, when present)
  -f, --format NAME     report format: ${formatNames.join(' | ')} (default: stylish)
  -o, --output FILE     write the report to FILE instead of stdout (replaced atomically)
  --max-warnings N      fail (exit 1) when there are more than N warnings (default: no limit)
  --quiet               errors only: warnings are neither printed nor counted
  --fix                 apply the safe fixes findings offer (in place, atomically), then
                        report what is left
  --staged              lint the content staged in git's index (what the next commit holds),
                        not the working tree: for pre-commit hooks
  --no-cache            lint from scratch, without reading or writing the result cache
                        (node_modules/.cache/powersync-lint or $XDG_CACHE_HOME/powersync-lint)
  --color, --no-color   force colour on or off (default: on for a terminal, unless NO_COLOR
                        is set; FORCE_COLOR forces it)
  -h, --help            show this help
  -v, --version         print the version
FILE paths are relative to the current directory.

Commands:
${commands.map((command) => `  ${usage(command).padEnd(commandWidth)}  ${command.summary}`).join('\n')}
Each command takes --help.

Exit status:
  0  no errors, and no more warnings than --max-warnings
  1  findings
  2  usage or configuration error: bad flag, bad policy file, no host found, unreadable ROOT
  3  internal error: a bug in powersync-lint (please report it)

Examples:
  powersync-lint                                 lint the repository in the current directory
  powersync-lint --host web-arm -f json -o lint.json
  powersync-lint explain image-digest-pinned     why a rule exists and how to fix its findings
`;
}

function usage(command: { name: string; args: string }): string {
  return command.args === '' ? command.name : `${command.name} ${command.args}`;
}
