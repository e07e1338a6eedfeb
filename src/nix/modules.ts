import type { Span } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import type { Evaluator } from './eval/index.js';
import type { AttrsValue, LambdaValue, Thunk, Value } from './eval/value.js';
import { ready, unknown } from './eval/value.js';
import { lazy } from './eval/index.js';
import type { Definition, OptionLookup } from './merge.js';
import { DEFAULT_ORDER, DEFAULT_PRIORITY, mergeDefinitions } from './merge.js';

/**
 * Collects the modules a host entry reaches through `imports` and evaluates the merged
 * configuration lazily. Imports are confined to ROOT; paths outside it (modulesPath,
 * <nixpkgs>, flake inputs) are opaque and skipped without a finding.
 */

export type ImportProblemKind = 'missing' | 'outside-root' | 'cycle' | 'not-a-module';

export interface ImportProblem {
  kind: ImportProblemKind;
  message: string;
  at: Span;
}

export interface Module {
  /** File the module was written in (inline modules share their parent's file). */
  file: string;
  /** The module's attrset after calling it with the module arguments. */
  value: Value;
}

export interface HostConfiguration {
  entry: string;
  modules: Module[];
  /** Every .nix file reached as a module, in evaluation order. */
  files: string[];
  problems: ImportProblem[];
  /** The merged `config`, lazy: forcing a leaf evaluates only what it needs. */
  config: Thunk;
}

/** Keys of a module attrset that are not configuration in the shorthand form. */
const MODULE_META_KEYS = new Set(['imports', 'options', 'config', '_file', 'key', 'disabledModules', 'meta', 'freeformType']);
const LINES_OPTION_SUFFIXES = [
  ['extraConfig'],
  ['appendConfig'],
  ['appendHttpConfig'],
  ['commonHttpConfig'],
  ['authentication'],
  ['identMap'],
  ['script'],
  ['preStart'],
  ['postStart'],
  ['extraCommands'],
];

export function evaluateHost(evaluator: Evaluator, tree: SourceTree, entry: string): HostConfiguration {
  const modules: Module[] = [];
  const problems: ImportProblem[] = [];
  const files: string[] = [];
  // While the imports are collected, the configuration does not exist yet: a module whose
  // imports (or its value itself — a package given as a module) need `config` is an infinite
  // recursion in Nix, and an unknown here.
  let configThunk = notYetMerged('config');
  let optionsThunk = notYetMerged('options');
  const argsFor = moduleArguments(evaluator, () => configThunk, () => optionsThunk);

  collectModules(evaluator, tree, entry, argsFor, modules, files, problems);

  const optionDeclarations = modules.map((m) => moduleSection(m, 'options')).filter((t): t is Thunk => t !== undefined);
  optionsThunk = lazy(() => mergeDefinitions([], optionDeclarations.map((thunk) => plainDefinition(thunk, '')), NO_OPTIONS));
  const lookup = optionLookup(() => optionsThunk.force());
  const definitions: Definition[] = [];
  for (const m of modules) {
    const section = moduleSection(m, 'config');
    if (section) definitions.push(plainDefinition(section, m.file));
  }
  configThunk = lazy(() => mergeDefinitions([], definitions, lookup));
  return { entry, modules, files, problems, config: configThunk };
}

function plainDefinition(thunk: Thunk, file: string): Definition {
  return { thunk, file, conditions: [], priority: DEFAULT_PRIORITY, order: DEFAULT_ORDER };
}

const NO_OPTIONS: OptionLookup = { isLines: () => false, defaultsUnder: () => new Map() };

/** The `config` or `options` part of a module, honouring the shorthand form (no `config` key). */
function moduleSection(module: Module, section: 'config' | 'options'): Thunk | undefined {
  const v = module.value;
  if (v.kind !== 'attrs') return undefined;
  const explicit = v.attrs.has('config') || v.attrs.has('options');
  if (explicit) return v.attrs.get(section);
  if (section === 'options') return undefined;
  // The merge reads a section's names and asks where each was written, nothing else: the
  // section of a module without meta keys shares the module's Maps, and a copy without them
  // answers from the module's keyOrigins (a lint has thousands of modules; a copy of both
  // would be two Maps each).
  let meta = false;
  v.attrs.forEach((_, name) => {
    if (MODULE_META_KEYS.has(name)) meta = true;
  });
  if (!meta) return ready({ kind: 'attrs', attrs: v.attrs, keyOrigins: v.keyOrigins, origin: v.origin });
  const attrs = new Map<string, Thunk>();
  v.attrs.forEach((thunk, name) => {
    if (!MODULE_META_KEYS.has(name)) attrs.set(name, thunk);
  });
  return ready({ kind: 'attrs', attrs, keyOrigins: v.keyOrigins, origin: v.origin });
}

/**
 * The arguments a module function receives. Like the module system, it passes only the names
 * the function asks for unless it takes `...`; names nobody provides are unknown values.
 */
/**
 * The arguments module functions receive; names nobody provides come from `_module.args`
 * (or are unknown). Modules taking the same formals share one argument set: a fleet has
 * thousands of `{ config, lib, pkgs, ... }:` modules. The thunks are not memoised here —
 * `config` is, where it is merged — so that a module reading it while the imports are
 * collected (an unknown then) does not leave the unknown behind for the others.
 */
function moduleArguments(evaluator: Evaluator, config: () => Thunk, options: () => Thunk): (module: LambdaValue) => Thunk {
  const provided = new Map<string, Thunk>([
    ['config', { force: () => config().force() }],
    ['options', { force: () => options().force() }],
    ['lib', ready(evaluator.lib)],
    ['pkgs', ready(evaluator.pkgs)],
    ['modulesPath', ready(unknown('modulesPath is outside ROOT (nixpkgs modules are opaque)'))],
  ]);
  const fromConfig = new Map<string, Thunk>();
  const bySignature = new Map<string, Thunk>();
  return (module) => {
    const wanted = module.formals ?? [];
    const everything = module.ellipsis || module.formals === undefined;
    const signature = `${everything ? '...' : ''}\0${wanted.join('\0')}`;
    let args = bySignature.get(signature);
    if (!args) {
      const attrs = new Map<string, Thunk>();
      if (everything) for (const [name, thunk] of provided) attrs.set(name, thunk);
      for (const name of wanted) {
        let thunk = provided.get(name) ?? fromConfig.get(name);
        if (!thunk) fromConfig.set(name, (thunk = { force: () => moduleArgumentFromConfig(config(), name) }));
        attrs.set(name, thunk);
      }
      args = ready({ kind: 'attrs', attrs, keyOrigins: new Map() });
      bySignature.set(signature, args);
    }
    return args;
  };
}

function notYetMerged(what: 'config' | 'options'): Thunk {
  return ready(unknown(`\`${what}\` is needed before the modules are merged (to find the modules' imports, or a module's own value): in Nix this is an infinite recursion`));
}

/** `_module.args.<name>` definitions supply extra module arguments (specialArgs stay unknown). */
function moduleArgumentFromConfig(config: Thunk, name: string): Value {
  let v: Value = config.force();
  for (const key of ['_module', 'args', name]) {
    if (v.kind !== 'attrs') break;
    const next = v.attrs.get(key);
    if (!next) {
      v = unknown(`module argument \`${name}\` is not known statically (specialArgs or flake inputs are opaque)`);
      break;
    }
    v = next.force();
  }
  return v;
}

interface PendingImport {
  path: string;
  at?: Span;
}

function collectModules(
  evaluator: Evaluator,
  tree: SourceTree,
  entry: string,
  args: (module: LambdaValue) => Thunk,
  modules: Module[],
  files: string[],
  problems: ImportProblem[],
): void {
  const visited = new Set<string>();
  const onPath = new Set<string>();
  // Iterative depth-first walk (so a deep import chain cannot overflow the stack), which
  // finds cycles and missing files; the modules' order is nixpkgs' (see below).
  type Frame = { file: string; pending: PendingImport[] };
  const stack: Frame[] = [];
  /** A module and what its `imports` name, in order: files (by resolved path) and inline modules. */
  type Node = { module: Module; children: (string | Node)[] };
  const fileNodes = new Map<string, Node>();

  const enterFile = (request: PendingImport): void => {
    const file = resolveModuleFile(tree, request.path);
    if (onPath.has(file)) {
      if (request.at) problems.push({ kind: 'cycle', message: `import cycle: ${[...onPath, file].join(' → ')}`, at: request.at });
      return;
    }
    if (visited.has(file)) return;
    // Whatever keeps the module from being read (missing, a directory without default.nix,
    // binary, too large, outside ROOT through a symlink, unreadable) is a finding: an
    // unknown module would otherwise drop its definitions without a word.
    const read = tree.kind(file) === 'file' ? tree.read(file) : undefined;
    if (!read?.ok) {
      const why = read ? read.reason : file !== request.path && tree.kind(request.path) === 'dir' ? `\`${request.path}\` is a directory without a default.nix` : whyNotAFile(tree, file);
      if (request.at) problems.push({ kind: 'missing', message: `imported module \`${file}\` cannot be read: ${why}`, at: request.at });
      return;
    }
    visited.add(file);
    files.push(file);
    const pending: PendingImport[] = [];
    const node = addModule(evaluator.importFile(file, request.at), file, pending);
    if (node) fileNodes.set(file, node);
    evaluator.prefetch(pending.map((next) => next.path));
    onPath.add(file);
    stack.push({ file, pending });
  };

  const addModule = (raw: Value, file: string, pending: PendingImport[], depth = 0): Node | undefined => {
    const value = raw.kind === 'lambda' ? evaluator.apply(raw, args(raw), raw.origin) : raw;
    if (value.kind !== 'attrs') {
      if (value.kind !== 'unknown' && value.origin) {
        problems.push({ kind: 'not-a-module', message: `\`${file}\` is imported as a module but evaluates to a ${value.kind}`, at: value.origin });
      }
      return undefined;
    }
    const node: Node = { module: { file, value }, children: [] };
    const imports = value.attrs.get('imports')?.force();
    if (imports?.kind !== 'list') return node;
    for (const item of imports.items) {
      const target = item.force();
      if (target.kind === 'path') {
        if (target.insideRoot) {
          pending.push({ path: target.value, at: target.origin });
          node.children.push(resolveModuleFile(tree, target.value));
        } else if (target.origin) problems.push({ kind: 'outside-root', message: `import of \`${target.value}\` outside ROOT is not followed`, at: target.origin });
      } else if ((target.kind === 'attrs' || target.kind === 'lambda') && depth < 32) {
        const inline = addModule(target, file, pending, depth + 1);
        if (inline) node.children.push(inline);
      }
      // Strings, unknowns (modulesPath + "/…", flake inputs) are opaque by design.
    }
    return node;
  };

  enterFile({ path: entry });
  while (stack.length > 0) {
    const frame = stack[stack.length - 1];
    const next = frame.pending.shift();
    if (next) enterFile(next);
    else {
      stack.pop();
      onPath.delete(frame.file);
    }
  }

  // The order definitions merge in (lists concatenate, lines join) is nixpkgs': its
  // collectModules takes the modules through builtins.genericClosure, which is breadth
  // first: the entry, then every module it imports (files and inline modules, in the order
  // written), then their imports, each file once, where it is first reached.
  const entryNode = fileNodes.get(resolveModuleFile(tree, entry));
  const queue: Node[] = entryNode ? [entryNode] : [];
  const taken = new Set<Node>();
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (taken.has(node)) continue;
    taken.add(node);
    modules.push(node.module);
    for (const child of node.children) {
      const next = typeof child === 'string' ? fileNodes.get(child) : child;
      if (next && !taken.has(next)) queue.push(next);
    }
  }
}

function whyNotAFile(tree: SourceTree, file: string): string {
  const read = tree.read(file);
  return read.ok ? 'it is not a file' : read.reason;
}

function resolveModuleFile(tree: SourceTree, path: string): string {
  return tree.kind(path) === 'dir' ? (path === '.' || path === '' ? 'default.nix' : `${path}/default.nix`) : path;
}

/** Reads option declarations (`options = { … mkOption … }`) merged from every module. */
function optionLookup(optionsRoot: () => Value): OptionLookup {
  const declarationAt = (path: readonly string[]): AttrsValue | undefined => {
    let v: Value = optionsRoot();
    for (let i = 0; i < path.length; i++) {
      const key = path[i];
      if (v.kind !== 'attrs' || isOption(v)) return undefined;
      const next = v.attrs.get(key);
      if (!next) return undefined;
      v = next.force();
    }
    return v.kind === 'attrs' ? v : undefined;
  };
  return {
    isLines(path) {
      const declared = declarationAt(path);
      if (declared && isOption(declared)) return typeName(declared) === 'lines';
      return LINES_OPTION_SUFFIXES.some((suffix) => path[path.length - 1] === suffix[0]);
    },
    option(path) {
      const declared = declarationAt(path);
      return declared && isOption(declared) ? { default: declared.attrs.get('default') } : undefined;
    },
    setsUnder(path) {
      const node = declarationAt(path);
      if (!node || isOption(node)) return [];
      return [...node.attrs].filter(([, thunk]) => {
        const declaration = thunk.force();
        return declaration.kind === 'attrs' && !isOption(declaration);
      }).map(([name]) => name);
    },
    defaultsUnder(path) {
      const defaults = new Map<string, Thunk>();
      const node = declarationAt(path);
      if (node && !isOption(node)) {
        for (const [name, thunk] of node.attrs) {
          const decl = thunk.force();
          const fallback = decl.kind === 'attrs' && isOption(decl) ? decl.attrs.get('default') : undefined;
          if (fallback) defaults.set(name, fallback);
        }
      }
      const secret = sopsSecretPathDefault(path);
      if (secret) defaults.set('path', secret);
      return defaults;
    },
  };
}

function isOption(v: AttrsValue): boolean {
  const tag = v.attrs.get('_type')?.force();
  return tag?.kind === 'string' && tag.value === 'option';
}

function typeName(option: AttrsValue): string | undefined {
  const type = option.attrs.get('type')?.force();
  if (type?.kind !== 'attrs') return undefined;
  const name = type.attrs.get('name')?.force();
  return name?.kind === 'string' ? name.value : undefined;
}

/** sops-nix: `sops.secrets.<name>.path` defaults to `/run/secrets/<name>`. */
function sopsSecretPathDefault(path: readonly string[]): Thunk | undefined {
  if (path.length !== 3 || path[0] !== 'sops' || path[1] !== 'secrets') return undefined;
  const text = `/run/secrets/${path[2]}`;
  return ready({ kind: 'string', value: text, parts: [{ text }] });
}
