/** The `sarif` format (SPEC section 3): SARIF 2.1.0 as GitHub code scanning accepts it — every
 * rule of the run in `rules[]` with its documentation, every result located with
 * `startLine` ≥ 1, `results` present even when empty, `partialFingerprints` that survive
 * unrelated edits, related locations for findings that span files, and suppressed findings
 * as results with `suppressions`. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compareFindings, type Finding, type RelatedLocation } from '../engine/finding.js';
import { findingFingerprints, SourceLines } from './fingerprint.js';
import { rulesOfFindings, type ReportRule } from './report-rule.js';

export interface SarifOptions {
  /** Absolute ROOT. */
  root: string;
  /** Directory that artifact URIs are relative to (`%SRCROOT%`): the working directory, which in
   * CI is the checkout that code scanning resolves paths against. */
  baseDir: string;
  toolVersion: string;
  /** The tool's home page, when the package names one. */
  informationUri?: string;
  rules?: readonly ReportRule[];
  readFile(file: string): string | undefined;
}

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const FINGERPRINT_KEY = 'powersyncLint/v1';
const BASE_ID = '%SRCROOT%';
const CONTEXT_LINES = 2;

export function toSarif(input: { findings: readonly Finding[]; suppressed: readonly Finding[] }, options: SarifOptions): object {
  const source = new SourceLines(options.readFile);
  const all = [...input.findings, ...input.suppressed].sort(compareFindings);
  const prints = findingFingerprints(all, source);
  const fingerprints = new Map(all.map((finding, i) => [finding, prints[i]] as const));
  const rules = withReportedRules(options.rules ?? [], all);
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const artifact = (file: string) => artifactLocation(file, options);

  const results = all.map((finding) => {
    const result: Record<string, unknown> = {
      ruleId: finding.ruleId,
      ruleIndex: ruleIndex.get(finding.ruleId),
      kind: 'fail',
      level: finding.severity,
      message: { text: sentence(finding.message) },
      locations: [{ physicalLocation: { artifactLocation: artifact(finding.file), ...regions(finding, source) } }],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprints.get(finding) },
    };
    if (finding.related && finding.related.length > 0) {
      result.relatedLocations = finding.related.map((related, i) => relatedLocation(related, i + 1, artifact));
    }
    if (finding.suppression) {
      const { justification, file, line, column } = finding.suppression;
      result.suppressions = [
        {
          kind: 'inSource',
          status: 'accepted',
          justification,
          location: { physicalLocation: { artifactLocation: artifact(file), region: { startLine: Math.max(1, line), startColumn: Math.max(1, column) } } },
        },
      ];
    }
    return result;
  });

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'powersync-lint',
            semanticVersion: options.toolVersion,
            version: options.toolVersion,
            ...(options.informationUri ? { informationUri: options.informationUri } : {}),
            rules: rules.map(ruleDescriptor),
          },
        },
        originalUriBaseIds: { [BASE_ID]: { uri: directoryUri(options.baseDir) } },
        columnKind: 'utf16CodeUnits',
        invocations: [{ executionSuccessful: true }],
        results,
      },
    ],
  };
}

export function formatSarif(input: { findings: readonly Finding[]; suppressed: readonly Finding[] }, options: SarifOptions): string {
  return `${JSON.stringify(toSarif(input, options), null, 2)}\n`;
}

/** Every rule of the run, plus any rule that reported without being described (a caller that
 * passes no rule list), so that every result's ruleIndex points at its rule. */
function withReportedRules(rules: readonly ReportRule[], findings: readonly Finding[]): ReportRule[] {
  const known = new Set(rules.map((rule) => rule.id));
  return [...rules, ...rulesOfFindings(findings.filter((finding) => !known.has(finding.ruleId)))];
}

function ruleDescriptor(rule: ReportRule): object {
  const doc = rule.doc();
  const level = rule.severity ?? 'none';
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: sentence(rule.summary) },
    fullDescription: { text: sentence(doc ? (firstParagraph(doc) ?? rule.summary) : rule.summary) },
    helpUri: rule.helpUri,
    help: { text: doc ?? sentence(rule.summary), markdown: doc ?? sentence(rule.summary) },
    defaultConfiguration: { enabled: rule.severity !== undefined, level },
    properties: {
      tags: ['powersync', 'nixos'],
      precision: rule.id === 'cannot-verify' ? 'medium' : 'high',
      'problem.severity': rule.severity ?? rule.defaultSeverity,
      fixable: rule.fixable,
    },
  };
}

/** The finding's range, and a few lines around it as its context; every SARIF consumer needs
 * startLine ≥ 1, and a range that ends before it starts is clamped to its start. The source
 * text of each is its snippet. */
function regions(finding: Finding, source: SourceLines): { region: object; contextRegion?: object } {
  const startLine = Math.max(1, finding.line);
  const startColumn = Math.max(1, finding.column);
  const endLine = Math.max(startLine, finding.endLine);
  let endColumn = Math.max(1, finding.endColumn);
  if (endLine === startLine && endColumn < startColumn) endColumn = startColumn;
  const region: Record<string, unknown> = { startLine, startColumn, endLine, endColumn };
  const snippet = source.text(finding.file, { line: startLine, column: startColumn, endLine, endColumn });
  if (snippet !== undefined && snippet !== '') region.snippet = { text: snippet };
  const lines = source.lines(finding.file);
  if (!lines || startLine > lines.length) return { region };
  const first = Math.max(1, startLine - CONTEXT_LINES);
  const last = Math.min(lines.length, endLine + CONTEXT_LINES);
  return { region, contextRegion: { startLine: first, endLine: last, snippet: { text: lines.slice(first - 1, last).join('\n') } } };
}

function relatedLocation(related: RelatedLocation, id: number, artifact: (file: string) => object): object {
  return {
    id,
    physicalLocation: { artifactLocation: artifact(related.file), region: { startLine: Math.max(1, related.line), startColumn: Math.max(1, related.column) } },
    message: { text: sentence(related.message) },
  };
}

/** A file as code scanning resolves it: relative to the base directory (the checkout), or an
 * absolute file URI when ROOT is outside it. */
function artifactLocation(file: string, options: SarifOptions): object {
  const absolute = path.resolve(options.root, file);
  const relative = path.relative(options.baseDir, absolute);
  if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(absolute).href };
  }
  return { uri: encodeURI(relative.split(path.sep).join('/')).replace(/[?#]/g, encodeURIComponent), uriBaseId: BASE_ID };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** SARIF viewers show messages as sentences (the Multitool warns otherwise). */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The first paragraph after the title of a rule's doc page. */
function firstParagraph(doc: string): string | undefined {
  const paragraphs = doc.split(/\n\s*\n/).map((p) => p.trim());
  return paragraphs.find((p) => p !== '' && !p.startsWith('#'))?.replace(/\s*\n\s*/g, ' ');
}

function pascalCase(id: string): string {
  return id.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, letter: string) => letter.toUpperCase());
}
