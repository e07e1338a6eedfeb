/** The `github` format (SPEC section 3): one workflow command per finding, which GitHub Actions
 * (and Forgejo/Gitea Actions) turn into annotations on the changed lines:
 *
 *     ::error file=hosts/web-arm/configuration.nix,line=4,col=12,endLine=4,endColumn=19,title=no-pull-newer::pull = "newer" …
 *
 * Values are escaped per the workflow-command rules, so a message cannot end the command early
 * or inject another one. Suppressed findings are not annotated. */
import { compareFindings, type Finding } from '../engine/finding.js';

export interface GithubOptions {
  /** How a ROOT-relative path is written: relative to the working directory, the checkout. */
  displayPath(file: string): string;
}

export function formatGithub(findings: readonly Finding[], options: GithubOptions): string {
  const toPath = (file: string) => options.displayPath(file).split('\\').join('/');
  return [...findings]
    .sort(compareFindings)
    .map((finding) => {
      const properties = [
        ['file', toPath(finding.file)],
        ['line', String(Math.max(1, finding.line))],
        ['col', String(Math.max(1, finding.column))],
        ['endLine', String(Math.max(finding.line, finding.endLine))],
        ['endColumn', String(Math.max(1, finding.endColumn))],
        ['title', finding.ruleId],
      ]
        .map(([name, value]) => `${name}=${escapeProperty(value)}`)
        .join(',');
      const related = (finding.related ?? []).map((r) => `\n↳ ${toPath(r.file)}:${r.line}:${r.column}: ${r.message}`).join('');
      return `::${finding.severity} ${properties}::${escapeData(`${finding.message}${related}`)}\n`;
    })
    .join('');
}

/** The message part: `%`, CR and LF are escaped (actions/toolkit `escapeData`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: additionally `:` and `,`, which delimit the properties (`escapeProperty`). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
