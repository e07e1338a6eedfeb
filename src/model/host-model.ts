import type { Span } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import type { UnknownValue, Value } from '../nix/eval/value.js';
import type { ImportProblem } from '../nix/modules.js';
import type { Policy } from '../engine/policy.js';
import { field, listEntries } from './access.js';
import type { ArgvWord } from './argv.js';
import type { ContainerModel } from './container.js';
import { findContainer } from './container.js';
import type { NginxModel } from './nginx.js';
import { findNginx } from './nginx.js';
import type { ServiceConfigModel } from './service-config.js';
import { findServiceConfig } from './service-config.js';
import type { DsnLiteral } from './dsn-literals.js';
import { documentDsnLiterals, nixDsnLiterals } from './dsn-literals.js';
import type { ParsedNix } from '../nix/parse.js';

/** A syntax error in a file in scope: Nix or YAML. */
export interface SyntaxProblem {
  language: 'nix' | 'yaml';
  message: string;
  at: Span;
}

/** The typed view of one host that rules read. Built once per lint; lazy where it can be. */
export interface HostModel {
  root: string;
  host: string;
  entry: string;
  tree: SourceTree;
  /** Every .nix file reached from the entry. */
  files: string[];
  /** The merged NixOS configuration. */
  config: Value;
  syntaxProblems: SyntaxProblem[];
  importProblems: ImportProblem[];
  container?: ContainerModel;
  /** The container's `extraOptions` as argv words, or why they are unknown. */
  containerArgv: ArgvWord[] | UnknownValue;
  /** `systemd.services.<serviceName>` of the container, when any module configures it. */
  unit?: Value;
  nginx: NginxModel;
  /** The service config the container reads; unknown when it cannot be followed statically. */
  serviceConfig?: ServiceConfigModel | UnknownValue;
  /** Every DSN written in plain text in the host's .nix strings and its service config. */
  dsnLiterals: DsnLiteral[];
}

export interface HostModelInput {
  root: string;
  host: string;
  entry: string;
  tree: SourceTree;
  files: string[];
  config: Value;
  syntaxProblems: SyntaxProblem[];
  importProblems: ImportProblem[];
  /** The parsed .nix files in scope, for the literal scans. */
  parsed: ParsedNix[];
  policy: Policy;
}

export function buildHostModel(input: HostModelInput): HostModel {
  const container = findContainer(input.config, input.policy);
  const serviceName = container?.serviceName;
  const serviceConfig = findServiceConfig(container, input.config, input.tree);
  const syntaxProblems = [...input.syntaxProblems];
  const dsnLiterals = nixDsnLiterals(input.parsed);
  if (serviceConfig && serviceConfig.kind !== 'unknown') {
    for (const error of serviceConfig.document.errors) syntaxProblems.push({ language: 'yaml', message: error.message, at: error.span });
    dsnLiterals.push(...documentDsnLiterals(serviceConfig.document));
  }
  return {
    root: input.root,
    host: input.host,
    entry: input.entry,
    tree: input.tree,
    files: input.files,
    config: input.config,
    syntaxProblems,
    importProblems: input.importProblems,
    container,
    containerArgv: container ? argvWords(container.option('extraOptions')) : [],
    unit: typeof serviceName === 'string' ? field(input.config, 'systemd', 'services', serviceName) : undefined,
    nginx: findNginx(input.config, input.policy.domain),
    serviceConfig,
    dsnLiterals: uniqueByPlace(dsnLiterals),
  };
}

function argvWords(extraOptions: Value | undefined): ArgvWord[] | UnknownValue {
  const entries = listEntries(extraOptions);
  if (!Array.isArray(entries)) return entries;
  const words: ArgvWord[] = [];
  for (const { value, site } of entries) {
    if (value.kind === 'unknown') return value;
    if (value.kind === 'string') words.push({ text: value.value, value, at: value.origin, site });
  }
  return words;
}

/** A DSN in a YAML string inside a .nix file is found by both scans: keep one per place. */
function uniqueByPlace(literals: DsnLiteral[]): DsnLiteral[] {
  const seen = new Set<string>();
  return literals.filter((l) => {
    const key = `${l.at.file}\0${l.at.startIndex}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
