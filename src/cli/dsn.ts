/**
 * `powersync-lint dsn [--env-var NAME] [--format stylish|json]`: the operator's pre-deploy
 * check of the decrypted replication DSN,
 * `sops -d --extract '["reptide-powersync-source-dsn"]' hosts/web-arm/secrets.yaml | powersync-lint dsn`.
 *
 * The input is a secret. Findings are built from fixed texts and the DSN's non-secret parts;
 * on top of that, everything this command writes — findings, usage errors, even an internal
 * error — passes through a filter that masks the password wherever it would appear.
 */
import { UsageError } from '../engine/errors.js';
import type { Finding, Severity } from '../engine/finding.js';
import type { Policy } from '../engine/policy.js';
import { parseCommandArgs } from './args.js';
import { resolveColorLevel } from './color.js';
import type { CliContext, TextSink } from './context.js';
import { ExitCode } from './exit-code.js';
import { lastColorFlag } from './lint-args.js';

const HELP = `Usage: powersync-lint dsn [options] < DSN

Check one PostgreSQL DSN read from stdin — the replication source PowerSync reads as
\`uri: !env PS_SOURCE_DSN\` — before it is deployed:

  sops -d --extract '["reptide-powersync-source-dsn"]' hosts/web-arm/secrets.yaml | powersync-lint dsn

The input is a bare URI or dotenv lines (NAME=VALUE, optionally quoted, # comments) of which
the NAME line is checked. Checks: Supabase's direct host db.<ref>.supabase.co:5432, never the
pooler or port 6543 (dsn-direct-endpoint); no replication= parameter (dsn-no-replication-param);
what makes PowerSync fail at startup — no TCP host, no user, password or database, a port
below 1024 (dsn-connection); parameters PowerSync ignores, such as ?sslmode= (dsn-ignored-param);
input that is not one postgresql:// URI (dsn-invalid). The password is never printed.

Options:
  --env-var NAME        the dotenv variable to check (default: PS_SOURCE_DSN)
  -f, --format NAME     stylish (default) | json
  -c, --config FILE     policy file for supabaseProject and rule severities
                        (default: ./.powersync-lint.yaml, when present)
  --color, --no-color   force colour on or off
  -h, --help            show this help

Exit status: 0 no errors, 1 errors, 2 usage error (bad flag, unreadable policy file).
`;

const OPTIONS = {
  'env-var': { type: 'string' },
  format: { type: 'string', short: 'f' },
  config: { type: 'string', short: 'c' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const FORMATS = ['stylish', 'json'];
const STDIN = '<stdin>';
/** Shorter secrets are masked by construction only: masking every `ab` in the output would
 * garble it and say more about the password than it hides. */
const MIN_MASKED_LENGTH = 3;

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values, tokens } = parseCommandArgs('dsn', args, OPTIONS, false);
  if (values.help) {
    context.stdout.write(HELP);
    return ExitCode.ok;
  }
  const format = values.format ?? 'stylish';
  if (!FORMATS.includes(format)) throw new UsageError(`unknown format "${format}" for dsn; formats: ${FORMATS.join(', ')}`);
  const envVar = values['env-var'] ?? 'PS_SOURCE_DSN';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(envVar)) throw new UsageError(`--env-var "${envVar}" is not a variable name`);
  const [{ loadPolicy }, { rules }] = await Promise.all([import('../engine/policy-file.js'), import('../engine/registry.js')]);
  const { policy } = loadPolicy({ root: '.', configFile: values.config, knownRuleIds: rules.map((rule) => rule.id), cwd: context.cwd });

  const input = await context.readStdin();
  const { passwordsIn } = await import('../powersync/dsn.js');
  const masked = maskingContext(context, [...passwordsIn(input), ...otherUriPasswords(input)]);
  try {
    const findings = await checkDsnInput(input, envVar, policy);
    const color = resolveColorLevel(lastColorFlag(tokens), context.env, context.stdoutIsTTY);
    masked.stdout.write(format === 'json' ? await formatJson(input, envVar, findings) : await formatStylish(findings, color));
    return findings.some((f) => f.severity === 'error') ? ExitCode.findings : ExitCode.ok;
  } catch (error) {
    // main() prints the message of whatever escapes: it must not carry the secret either.
    if (error instanceof Error) error.message = masked.mask(error.message);
    if (error instanceof Error && error.stack) error.stack = masked.mask(error.stack);
    throw error;
  }
}

/** The findings for one DSN on stdin, each at its line and column there. */
export async function checkDsnInput(input: string, envVar: string, policy: Policy): Promise<Finding[]> {
  const [{ readDsnInput }, { parseDsn }, { directEndpointProblems, replicationParamProblems }, { connectionPitfalls }, { rules }, { effectiveSeverity }] = await Promise.all([
    import('../powersync/dsn-input.js'),
    import('../powersync/dsn.js'),
    import('../powersync/dsn-checks.js'),
    import('../powersync/dsn-pitfalls.js'),
    import('../engine/registry.js'),
    import('../engine/run-rules.js'),
  ]);
  const read = readDsnInput(input, envVar);
  if (!read.ok) return [finding('dsn-invalid', 'error', `${read.message}.`, read.line, read.column, read.endColumn)];
  const { text, line, column } = read;
  const at = (start: number, end: number) => [line, column + start, column + Math.max(end, start)] as const;
  const dsn = parseDsn(text);
  if (!dsn.ok) return [finding('dsn-invalid', 'error', `The value is ${dsn.error}.`, ...at(0, text.length))];

  // The two DSN rules of the lint, at the severity the policy gives them.
  const severityOf = (id: string, fallback: Severity): Severity | undefined => {
    const rule = rules.find((r) => r.id === id);
    return rule ? effectiveSeverity(rule, policy) : fallback;
  };
  const findings: Finding[] = [];
  for (const problem of [...directEndpointProblems(dsn, text, policy.supabaseProject), ...replicationParamProblems(dsn, text)]) {
    const severity = severityOf(problem.check, 'error');
    if (severity) findings.push(finding(problem.check, severity, `${problem.message}.`, ...at(problem.start, problem.end)));
  }
  for (const pitfall of connectionPitfalls(dsn, text)) findings.push(finding(pitfall.check, pitfall.severity, `${pitfall.message}.`, ...at(pitfall.start, pitfall.end)));
  return findings.sort((a, b) => a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

function finding(ruleId: string, severity: Severity, message: string, line: number, column: number, endColumn: number): Finding {
  return { ruleId, severity, message, file: STDIN, line, column, endLine: line, endColumn };
}

async function formatStylish(findings: Finding[], color: ReturnType<typeof resolveColorLevel>): Promise<string> {
  const { formatStylish: stylish } = await import('../report/stylish.js');
  // No code frames: the frame would show the line, password and all.
  return stylish(findings, { color, readFile: () => undefined });
}

async function formatJson(input: string, envVar: string, findings: Finding[]): Promise<string> {
  const [{ parseDsn, redactDsn }, { readDsnInput }, { countSeverities }] = await Promise.all([import('../powersync/dsn.js'), import('../powersync/dsn-input.js'), import('../report/summary.js')]);
  const read = readDsnInput(input, envVar);
  // Only a DSN that parses is echoed (password masked): redaction knows postgres URIs only.
  const { errors, warnings } = countSeverities(findings);
  const report = {
    version: 1,
    input: STDIN,
    envVar,
    dsn: read.ok && parseDsn(read.text).ok ? redactDsn(read.text) : null,
    findings,
    summary: { errors, warnings },
  };
  return `${JSON.stringify(report)}\n`;
}

/** The context's sinks with every secret masked; `mask` for texts that leave another way. */
function maskingContext(context: CliContext, secrets: string[]): { stdout: TextSink; stderr: TextSink; mask(text: string): string } {
  const masked = secrets.filter((s) => s.length >= MIN_MASKED_LENGTH).sort((a, b) => b.length - a.length);
  const mask = (text: string) => masked.reduce((out, secret) => out.split(secret).join('****'), text);
  return {
    stdout: { write: (text: string) => context.stdout.write(mask(text)) },
    stderr: { write: (text: string) => context.stderr.write(mask(text)) },
    mask,
  };
}

/** Passwords in URIs of any scheme (`mysql://user:secret@…`), which passwordsIn, made for
 * postgres URIs, does not look at: a wrong scheme is still somebody's password. */
function otherUriPasswords(input: string): string[] {
  return [...input.matchAll(/[a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]*:([^\s@]+)@/gi)].map((match) => match[1]);
}
