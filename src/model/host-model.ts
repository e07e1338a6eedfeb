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
import type { PostgresModel } from './postgres.js';
import { findPostgres } from './postgres.js';
import type { SopsModel } from './sops.js';
import { findSops } from './sops.js';
import type { ProbesModel } from './probes.js';
import { findProbes } from './probes.js';
import type { UpdateHelperModel } from './update-helper.js';
import { findUpdateHelper } from './update-helper.js';
import type { PlaintextSecret } from './plaintext-secrets.js';
import { findPlaintextSecrets } from './plaintext-secrets.js';
import type { ContainerDefinitionText } from './container-definitions.js';
import { findContainerDefinitions } from './container-definitions.js';
import type { SyncRulesLookup } from './sync-rules.js';
import { findSyncRules } from './sync-rules.js';
import { prevalidateSyncRules } from '../powersync/sync-rules-worker.js';

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
  /** The sync rules the service config names (`sync_config.path` through the container's
   * volumes, or inline `content`); undefined when there is no config or it names none. */
  syncRules?: SyncRulesLookup;
  /** `services.postgresql`. */
  postgres: PostgresModel;
  /** sops-nix secrets and the sops files they live in. */
  sops: SopsModel;
  /** Blackbox probe jobs of `services.prometheus.scrapeConfigs`. */
  probes: ProbesModel;
  /** The policy's image update helper. */
  updateHelper: UpdateHelperModel;
  /** Secrets written in plain text in files the host uses (computed on first read). */
  readonly plaintextSecrets: PlaintextSecret[];
  /** Text definitions of the PowerSync container in .nix files under ROOT, reached or not
   * (walks the tree: call it only when the merged configuration has no container). */
  containerDefinitions(): ContainerDefinitionText[];
  /** The syntax of a .nix file in scope, as parsed for this lint: fixes (src/fix/nix-edits.ts)
   * use it to check that an edit keeps the file valid Nix. Rules do not walk it. */
  nixSyntax(file: string): ParsedNix | undefined;
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
  const syncRules = findSyncRules(container, serviceConfig, input.config, input.tree);
  if (syncRules?.kind === 'sync-rules') for (const error of syncRules.yamlErrors) syntaxProblems.push({ language: 'yaml', message: error.message, at: error.span });
  // PowerSync's validator works on them in its thread while the other rules run.
  if (syncRules?.kind === 'sync-rules' && syncRules.yamlErrors.length === 0) prevalidateSyncRules(syncRules.text);
  const sops = findSops(input.config, input.tree);
  const sopsDocuments = sops.documents();
  for (const document of sopsDocuments) for (const error of document.errors) syntaxProblems.push({ language: 'yaml', message: error.message, at: error.span });
  let plaintextSecrets: PlaintextSecret[] | undefined;
  let containerDefinitions: ContainerDefinitionText[] | undefined;
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
    syncRules,
    postgres: findPostgres(input.config),
    sops,
    probes: findProbes(input.config),
    updateHelper: findUpdateHelper(input.policy.updateHelper, input.tree, container),
    get plaintextSecrets() {
      return (plaintextSecrets ??= findPlaintextSecrets({
        tree: input.tree,
        parsed: input.parsed,
        dsnLiterals: uniqueByPlace(dsnLiterals),
        documents: serviceConfig && serviceConfig.kind !== 'unknown' ? [serviceConfig.document] : [],
        sopsFiles: new Set(sopsDocuments.filter((d) => d.metadata).map((d) => d.file)),
      }));
    },
    containerDefinitions() {
      return (containerDefinitions ??= findContainerDefinitions({ tree: input.tree, host: input.host, image: input.policy.image, reached: input.parsed }));
    },
    nixSyntax: syntaxLookup(input.parsed),
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

function syntaxLookup(parsed: ParsedNix[]): (file: string) => ParsedNix | undefined {
  let byFile: Map<string, ParsedNix> | undefined;
  return (file) => (byFile ??= new Map(parsed.map((p) => [p.file, p]))).get(file);
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
