/**
 * `powersync-lint config FILE...`: standalone PowerSync service configs of any deployment
 * (compose, Kubernetes, a file next to a Nix module). The same checks as the lint's rules,
 * without what needs a host or a policy: the tightened schema, and the pitfalls PowerSync
 * fails on or silently ignores. Findings carry the ids of the rules whose checks found them.
 */
import type { Finding } from '../engine/finding.js';
import type { CheckSink } from '../powersync/config-source.js';
import { findingAt } from '../engine/finding.js';
import type { CliContext } from './context.js';
import type { InputFile } from './file-command.js';
import { runFileCommand } from './file-command.js';

const HELP = `Usage: powersync-lint config [options] FILE...

Check standalone PowerSync service configs (powersync.yaml / service.yaml of a compose,
Kubernetes or Nix deployment) without a host or a policy:

  - service-config-schema: PowerSync's JSON schema (@powersync/service-schema) tightened to
    what the service really does: unknown or misplaced keys (PowerSync ignores them without a
    word: api.port, slot_name, …), wrong types, invalid enum values and connection types
    (startup failures), unknown YAML tags, with "did you mean" hints;
  - service-config-replication: one connection, a valid slot_name_prefix, slot_name ignored,
    no password in a literal uri;
  - service-config-storage: a TCP host (a unix socket fails with PSYNC_S1106), username,
    password and database present, no password in plain text;
  - URIs: ?sslmode= and other parameters PowerSync ignores, ?replication= (dsn-no-replication-param),
    Supabase's pooler (dsn-direct-endpoint), ports outside 1024-65535;
  - service-config-auth: an audience (else every token is rejected), Supabase's JWKS path and
    the audience authenticated for a Supabase JWKS, no supabase_jwt_secret in plain text;
  - sync-rules-valid: not both sync_config and sync_rules; inline content validated.

Options:
  -f, --format NAME     stylish (default) | json
  -o, --output FILE     write the report to FILE instead of stdout
  --max-warnings N      fail (exit 1) when there are more than N warnings
  --quiet               errors only
  --color, --no-color   force colour on or off
  -h, --help            show this help

Exit status: 0 no errors, 1 findings, 2 usage error (bad flag, unreadable FILE).
`;

export async function run(args: string[], context: CliContext): Promise<number> {
  return runFileCommand({ name: 'config', help: HELP, check: checkConfigFile }, args, context);
}

/** The findings for one service config file. */
export async function checkConfigFile(input: InputFile): Promise<Finding[]> {
  const [{ parseYamlDocument }, { schemaProblems }, { replicationProblems }, { storageProblems }, { authProblems }, { syncConfigProblems, syncConfigRef }, { locateInValue }, { documentDsnLiterals, spanWithin }, { parseDsn }, { directEndpointProblems, replicationParamProblems }] = await Promise.all([
    import('../yaml/parse.js'),
    import('../powersync/config-schema.js'),
    import('../powersync/replication-checks.js'),
    import('../powersync/storage-checks.js'),
    import('../powersync/auth-checks.js'),
    import('../powersync/sync-config-checks.js'),
    import('../powersync/config-source.js'),
    import('../model/dsn-literals.js'),
    import('../powersync/dsn.js'),
    import('../powersync/dsn-checks.js'),
  ]);
  const findings: Finding[] = [];
  const source = parseYamlDocument(input.text, input.file, { dialect: 'service-config' });
  for (const error of source.errors) findings.push(findingAt('yaml-parse-error', 'error', error.message, error.span));
  // A file that does not parse means nothing; an !env prefix or suffix error leaves it readable.
  if (source.errors.some((e) => e.code !== 'TAG_RESOLVE_FAILED')) return findings;

  const sink = (ruleId: string): CheckSink => ({
    report: (at, message, options) => findings.push(findingAt(ruleId, options?.severity ?? 'error', message, at, options?.related)),
    // Without a host there is nothing more to know about an !env value.
    cannotVerify: () => {},
  });
  schemaProblems(source, sink('service-config-schema'));
  replicationProblems(source, { policy: false }, sink('service-config-replication'));
  storageProblems(source, { reportPasswordLiterals: true }, sink('service-config-storage'));
  authProblems(source, { policy: false }, sink('service-config-auth'));
  syncConfigProblems(source, { policy: false }, sink('sync-rules-valid'));
  // The lint's DSN rules, on every URI written in the file; without a policy only the pooler is wrong.
  for (const literal of documentDsnLiterals(source)) {
    const parsed = parseDsn(literal.text);
    if (!parsed.ok) continue;
    for (const problem of [...directEndpointProblems(parsed, literal.text), ...replicationParamProblems(parsed, literal.text)]) {
      findings.push(findingAt(problem.check, 'error', `${problem.message}.`, spanWithin(literal, problem.start, problem.end)));
    }
  }

  const ref = syncConfigRef(source.value);
  if (ref.kind === 'content') {
    const { validateSyncRules } = await import('../powersync/sync-rules.js');
    const locate = locateInValue(source, ref.at);
    for (const issue of validateSyncRules(ref.content)) findings.push(findingAt('sync-rules-valid', issue.severity, issue.message, locate(issue.start, issue.end)));
  }
  return findings;
}
