import type { SeverityCounts } from '../report/summary.js';

/** SPEC section 2. Scripts and CI tell findings (1) from a broken invocation (2) and from a
 * bug in powersync-lint (3), so each has its own code. */
export const ExitCode = {
  ok: 0,
  findings: 1,
  usage: 2,
  internal: 3,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** `counts` are the findings reported (without warnings under --quiet); no maxWarnings means
 * any number of warnings passes. */
export function lintExitCode(counts: SeverityCounts, maxWarnings: number | undefined): ExitCode {
  if (counts.errors > 0) return ExitCode.findings;
  if (maxWarnings !== undefined && counts.warnings > maxWarnings) return ExitCode.findings;
  return ExitCode.ok;
}
