/** Report formats by `--format` name, each imported on use. sarif, github and junit
 * (SPEC section 3) plug in here. */
import type { ColorSupportLevel } from 'chalk';
import type { LintResult } from '../engine/lint.js';
import type { ReportRule } from '../report/report-rule.js';

export interface ReportContext {
  durationMs: number;
  /** 0 when the report must be plain text. */
  color: ColorSupportLevel;
  /** Text of a linted file, as linted (working tree or index), for code frames. */
  readFile(file: string): string | undefined;
  /** A ROOT-relative path as the user should see it. */
  displayPath(file: string): string;
  /** Every rule of the run, with its severity under the policy (sarif, junit); without it they
   * describe the rules that reported. */
  rules?: readonly ReportRule[];
  /** powersync-lint's version (sarif). */
  toolVersion?: string;
  /** The working directory, which sarif paths are relative to (default: the process's). */
  cwd?: string;
}

export type Formatter = (result: LintResult, context: ReportContext) => string;

const formats: Record<string, () => Promise<Formatter>> = {
  stylish: async () => {
    const { formatStylish } = await import('../report/stylish.js');
    return (result, context) => formatStylish(result.findings, context);
  },
  json: async () => {
    const { formatJson } = await import('../report/json.js');
    return (result, context) => formatJson(result, context.durationMs);
  },
  sarif: async () => {
    const { formatSarif } = await import('../report/sarif.js');
    return (result, context) =>
      formatSarif(result, {
        root: result.root,
        baseDir: context.cwd ?? process.cwd(),
        toolVersion: context.toolVersion ?? '0.0.0',
        rules: context.rules,
        readFile: context.readFile,
      });
  },
  github: async () => {
    const { formatGithub } = await import('../report/github.js');
    return (result, context) => formatGithub(result.findings, { displayPath: context.displayPath });
  },
  junit: async () => {
    const { formatJunit } = await import('../report/junit.js');
    return (result, context) => formatJunit(result, { host: result.host, durationMs: context.durationMs, rules: context.rules, displayPath: context.displayPath });
  },
};

export const formatNames: readonly string[] = Object.keys(formats);

/** Formats that describe every rule of the run (ReportContext.rules), not only those that reported. */
export function describesRules(name: string): boolean {
  return name === 'sarif' || name === 'junit';
}

/** Callers check `name` against formatNames first: an unknown name here is a bug. */
export function loadFormatter(name: string): Promise<Formatter> {
  if (!Object.hasOwn(formats, name)) throw new Error(`no formatter named "${name}"`);
  return formats[name]();
}
