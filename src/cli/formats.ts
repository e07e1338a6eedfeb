/** Report formats by `--format` name, each imported on use. sarif, github and junit
 * (SPEC section 3) plug in here. */
import type { ColorSupportLevel } from 'chalk';
import type { LintResult } from '../engine/lint.js';

export interface ReportContext {
  durationMs: number;
  /** 0 when the report must be plain text. */
  color: ColorSupportLevel;
  /** Text of a linted file, as linted (working tree or index), for code frames. */
  readFile(file: string): string | undefined;
  /** A ROOT-relative path as the user should see it. */
  displayPath(file: string): string;
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
};

export const formatNames: readonly string[] = Object.keys(formats);

/** Callers check `name` against formatNames first: an unknown name here is a bug. */
export function loadFormatter(name: string): Promise<Formatter> {
  if (!Object.hasOwn(formats, name)) throw new Error(`no formatter named "${name}"`);
  return formats[name]();
}
