/** `powersync-lint init [ROOT]`: writes ROOT/.powersync-lint.yaml with every key at its default
 * (SPEC section 4), each explained by a comment. It never overwrites a file. */
import { closeSync, existsSync, openSync, readdirSync, writeSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { UsageError } from '../engine/errors.js';
import { defaultPolicy, type Policy } from '../engine/policy.js';
import { POLICY_FILE_NAME } from '../engine/policy-file.js';
import { parseCommandArgs } from './args.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-code.js';

const HELP = `Usage: powersync-lint init [ROOT]

Write ROOT/${POLICY_FILE_NAME} (ROOT: the current directory by default) with every policy key
at its default value, each with a comment saying what it is. Edit what differs in your
deployment and delete the rest: every key is optional. An existing file is never
overwritten.
`;

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('init', args, { help: { type: 'boolean', short: 'h' } }, true);
  if (values.help) {
    context.stdout.write(HELP);
    return ExitCode.ok;
  }
  if (positionals.length > 1) throw new UsageError(`init takes at most one ROOT directory, got ${positionals.length}`);
  const rootAsWritten = positionals[0] ?? '.';
  const root = path.resolve(context.cwd, rootAsWritten);
  if (!existsSync(root)) throw new UsageError(`cannot write ${POLICY_FILE_NAME}: ${rootAsWritten} does not exist`);
  const file = path.join(root, POLICY_FILE_NAME);
  const shown = path.relative(context.cwd, file) || POLICY_FILE_NAME;
  const text = policyTemplate(defaultPolicy(), hostsOf(root));
  let fd: number;
  try {
    // `wx`: fails when the file exists, even if it appeared a moment ago.
    fd = openSync(file, 'wx', 0o644);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new UsageError(`${shown} already exists; not overwriting it (edit it, or delete it and run init again)`);
    throw new UsageError(`cannot write ${shown}: ${(error as Error).message}`);
  }
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
  context.stdout.write(`powersync-lint: wrote ${shown} with the defaults; edit what differs in your deployment\n`);
  return ExitCode.ok;
}

/** Directories under hosts/ that have a configuration.nix. */
function hostsOf(root: string): string[] {
  try {
    return readdirSync(path.join(root, 'hosts'))
      .filter((name) => existsSync(path.join(root, 'hosts', name, 'configuration.nix')))
      .sort();
  } catch {
    return [];
  }
}

/** The policy file text: every default, commented. With exactly one host in the repo its name is
 * written; otherwise `host` stays a comment, and the linter picks the one PowerSync host. */
export function policyTemplate(policy: Policy, hosts: readonly string[]): string {
  const value = (v: unknown) => stringify(v, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd();
  const hostLines =
    hosts.length === 1
      ? [`host: ${value(hosts[0])}`]
      : [`# host: ${value(hosts.includes('web-arm') ? 'web-arm' : (hosts[0] ?? 'web-arm'))}${hosts.length > 1 ? `    # one of: ${hosts.join(', ')}` : ''}`];
  const entry = (comment: string, key: keyof Policy) => [`# ${comment}`, `${key}: ${value(policy[key])}`];
  return [
    '# powersync-lint policy. Reference: docs/policy.md in the powersync-lint package.',
    '# Every key is optional and every value below is the default: change what differs in',
    '# your deployment and delete the rest.',
    '',
    '# Host to lint: its directory under hosts/. Default: the one host whose configuration',
    '# defines a journeyapps/powersync-service container.',
    ...hostLines,
    '',
    ...entry('Attribute name of the container under virtualisation.oci-containers.containers.', 'container'),
    ...entry('Image repository the container must run, without tag or digest.', 'image'),
    ...entry('Domain of the nginx virtual host in front of the service.', 'domain'),
    ...entry('Host side of the published container port, where nginx proxies to.', 'listen'),
    ...entry('Podman network the container joins, and the systemd unit that creates it.', 'network'),
    ...entry('Minimum proxy_read_timeout and proxy_send_timeout on the vhost (nginx units).', 'proxyTimeout'),
    ...entry("Minimum PostgreSQL shared_buffers (units kB MB GB TB).", 'sharedBuffersMin'),
    ...entry("PowerSync's bucket storage database and role in the host's PostgreSQL.", 'storage'),
    ...entry('replication slot_name_prefix the service config must set.', 'slotNamePrefix'),
    ...entry('sops-nix secrets the container reads as environment files.', 'secrets'),
    ...entry('Supabase project ref: in the jwks_uri and the direct DSN host db.<ref>.supabase.co.', 'supabaseProject'),
    ...entry('URL a blackbox-exporter scrape job must probe.', 'probe'),
    ...entry('Script that updates the pinned image (runs powersync-lint pin).', 'updateHelper'),
    '# Source comments "# powersync-lint-disable-next-line RULE -- reason": whether they are',
    '# allowed, and rules that may never be suppressed.',
    `suppressions: ${value(policy.suppressions)}`,
    '# Severity per rule: error, warning or off (powersync-lint rules lists the ids), e.g.',
    '#   rules:',
    '#     cannot-verify: error',
    `rules: ${value(policy.rules)}`,
    '',
  ].join('\n');
}
