/**
 * Multi-module configurations for the module-system differential tests: each case is a
 * small tree of modules (`<case>/entry.nix` and the files it imports) that real Nix
 * evaluates with stub-modules.nix and powersync-lint with evaluateHost. Hand-written cases
 * pin the semantics one at a time; generated ones (seeded, so every run is the same) mix
 * them: mkIf on config values, mkMerge, mkForce/mkDefault/mkOverride against plain
 * definitions, mkBefore/mkAfter/mkOrder in lists and lines, nested and dotted attrpaths,
 * declared options with defaults (`types.lines`, `listOf`, `attrsOf`, …), `config.x` reads
 * across modules, breadth-first import order and inline modules.
 *
 * Generated definitions stay inside what nixpkgs accepts: at an option, mkIf/mkMerge
 * outside mkOverride outside mkOrder (so nothing but mkOrder below a mkForce on a set); no
 * mkOrder around an attrset; an option read by a condition is defined once, unconditionally.
 */
export interface ModuleCase {
  name: string;
  /** Files relative to the case's directory; `entry.nix` is the host entry. */
  files: Record<string, string>;
}

const OPTIONS = `{
    enable = lib.mkEnableOption "the custom service";
    port = lib.mkOption { type = lib.types.int; default = 80; description = "Port."; };
    text = lib.mkOption { type = lib.types.lines; default = ""; };
    tags = lib.mkOption { type = lib.types.listOf lib.types.str; default = [ "default" ]; };
    labels = lib.mkOption { type = lib.types.attrsOf lib.types.str; default = { }; };
  }`;

const handWritten: ModuleCase[] = [
  {
    name: 'breadthFirstImportOrder',
    files: {
      'entry.nix': '{ imports = [ ./a.nix ./b.nix ]; order = [ "entry" ]; }',
      'a.nix': '{ imports = [ ./c.nix ]; order = [ "a" ]; }',
      'b.nix': '{ order = [ "b" ]; }',
      'c.nix': '{ order = [ "c" ]; }',
    },
  },
  {
    name: 'inlineModulesTakeTheirPlaceInImports',
    files: {
      'entry.nix': '{ lib, ... }: { imports = [ ./a.nix { order = [ "inline" ]; } ]; order = [ "entry" ]; services.nginx.extraConfig = "entry"; }',
      'a.nix': '{ imports = [ ({ ... }: { order = [ "a-inline" ]; services.nginx.extraConfig = "a-inline"; }) ]; order = [ "a" ]; services.nginx.extraConfig = "a"; }',
    },
  },
  {
    name: 'sharedImportOnce',
    files: {
      'entry.nix': '{ imports = [ ./a.nix ./b.nix ]; order = [ "entry" ]; }',
      'a.nix': '{ imports = [ ./common.nix ]; order = [ "a" ]; }',
      'b.nix': '{ imports = [ ./common.nix ./a.nix ]; order = [ "b" ]; }',
      'common.nix': '{ order = [ "common" ]; }',
    },
  },
  {
    name: 'directoryImport',
    files: {
      'entry.nix': '{ imports = [ ./sub ]; order = [ "entry" ]; }',
      'sub/default.nix': '{ imports = [ ./leaf.nix ]; order = [ "sub" ]; }',
      'sub/leaf.nix': '{ order = [ "leaf" ]; }',
    },
  },
  {
    name: 'nestedOptionDefaultsWithoutDefinitions',
    files: {
      'entry.nix': '{ config, lib, ... }: { imports = [ ./options.nix ]; seen = { inherit (config.custom) enable port text tags; labels = config.custom.labels; }; }',
      'options.nix': `{ lib, ... }: { options.custom = ${OPTIONS}; }`,
    },
  },
  {
    name: 'optionSetDefaultsUnderFalseMkIf',
    files: {
      'entry.nix': '{ config, lib, ... }: { imports = [ ./options.nix ]; config = lib.mkIf false { custom.port = 1; custom.text = "no"; }; }',
      'options.nix': `{ lib, ... }: { options.custom = ${OPTIONS}; }`,
    },
  },
  {
    name: 'mkOptionDefaultMeetsTheDefault',
    files: {
      'entry.nix': '{ lib, ... }: { imports = [ ./options.nix ]; custom.tags = lib.mkOptionDefault [ "option-default" ]; custom.text = lib.mkOptionDefault "option-default"; }',
      'options.nix': `{ lib, ... }: { options.custom = ${OPTIONS}; }`,
    },
  },
  {
    name: 'mkDefaultBeatsTheDefault',
    files: {
      'entry.nix': '{ lib, ... }: { imports = [ ./options.nix ]; custom.tags = lib.mkDefault [ "mk-default" ]; custom.port = lib.mkDefault 8080; }',
      'options.nix': `{ lib, ... }: { options.custom = ${OPTIONS}; }`,
    },
  },
  {
    name: 'attrsOfOptionOverriddenWhole',
    files: {
      'entry.nix': '{ lib, ... }: { imports = [ ./options.nix ./more.nix ]; custom.labels = lib.mkForce { a = "forced"; }; }',
      'options.nix': `{ lib, ... }: { options.custom = ${OPTIONS}; }`,
      'more.nix': '{ lib, ... }: { custom.labels = { a = "plain"; b = "plain"; }; }',
    },
  },
  {
    name: 'attrsOfOptionMergesElements',
    files: {
      'entry.nix': '{ lib, ... }: { imports = [ ./options.nix ./more.nix ]; custom.labels = { a = lib.mkForce "forced"; c = lib.mkIf false "off"; }; }',
      'options.nix': `{ lib, ... }: { options.custom = ${OPTIONS}; }`,
      'more.nix': '{ lib, ... }: { custom.labels = lib.mkMerge [ { a = "plain"; } (lib.mkIf true { b = "on"; }) ]; }',
    },
  },
  {
    name: 'declaredLinesJoinInOrder',
    files: {
      'entry.nix': '{ lib, ... }: { imports = [ ./options.nix ./a.nix ]; custom.text = lib.mkAfter "last"; }',
      'options.nix': `{ lib, ... }: { options.custom = ${OPTIONS}; }`,
      'a.nix': '{ lib, ... }: { custom.text = lib.mkMerge [ "middle" (lib.mkBefore "first") ]; }',
    },
  },
  {
    name: 'conflictingScalars',
    files: {
      'entry.nix': '{ imports = [ ./a.nix ]; services.app.port = 80; services.app.user = "same"; }',
      'a.nix': '{ services.app.port = 8080; services.app.user = "same"; }',
    },
  },
  {
    name: 'forceOverDefaultOverPlain',
    files: {
      'entry.nix': '{ lib, ... }: { imports = [ ./a.nix ./b.nix ]; services.app.port = lib.mkDefault 1; services.app.flags = lib.mkDefault [ "default" ]; }',
      'a.nix': '{ lib, ... }: { services.app.port = 2; services.app.flags = [ "plain" ]; }',
      'b.nix': '{ lib, ... }: { config = lib.mkMerge [ { services.app = lib.mkForce { port = 3; }; } { services.app.flags = lib.mkOverride 90 [ "override-90" ]; } ]; }',
    },
  },
  {
    name: 'mkIfOnTheWholeConfigReadsConfig',
    files: {
      'entry.nix': '{ imports = [ ./a.nix ]; networking.domain = "example.org"; services.app.enable = true; }',
      'a.nix': '{ config, lib, ... }: { config = lib.mkIf config.services.app.enable { services.app.flags = [ "enabled-${config.networking.domain}" ]; services.nginx.extraConfig = "server_name ${config.networking.domain};"; }; }',
    },
  },
  {
    name: 'falseMkIfLeavesNothing',
    files: {
      'entry.nix': '{ lib, ... }: { imports = [ ./a.nix ]; services.app = lib.mkIf false { port = 1; flags = [ "x" ]; }; services.kept = 1; }',
      'a.nix': '{ lib, ... }: { config = lib.mkIf false { services.other.port = 2; }; }',
    },
  },
];

// ---- generated cases ----

/** mulberry32: a small seeded PRNG, so the generated cases are the same in every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = 'list' | 'lines' | 'int' | 'string' | 'bool' | 'labels';

interface Slot {
  /** Group prefix: the attrpath a block's wrapper sits at. */
  group: string[];
  name: string;
  kind: Kind;
  /** Only when the case declares options.custom. */
  declared?: boolean;
}

const SLOTS: Slot[] = [
  { group: ['services', 'app'], name: 'flags', kind: 'list' },
  { group: ['services', 'app'], name: 'port', kind: 'int' },
  { group: ['services', 'app'], name: 'user', kind: 'string' },
  { group: ['services', 'app'], name: 'openFirewall', kind: 'bool' },
  { group: ['services', 'nginx'], name: 'extraConfig', kind: 'lines' },
  { group: ['services', 'nginx'], name: 'appendHttpConfig', kind: 'lines' },
  { group: ['systemd', 'services', 'app.worker'], name: 'script', kind: 'lines' },
  { group: ['systemd', 'services', 'app.worker'], name: 'after', kind: 'list' },
  { group: ['environment'], name: 'systemPackages', kind: 'list' },
  { group: ['custom'], name: 'port', kind: 'int', declared: true },
  { group: ['custom'], name: 'text', kind: 'lines', declared: true },
  { group: ['custom'], name: 'tags', kind: 'list', declared: true },
  { group: ['custom'], name: 'labels', kind: 'labels', declared: true },
];

/** Renders an attribute name, quoting what is not an identifier. */
const attrName = (name: string) => (/^[A-Za-z_][A-Za-z0-9_'-]*$/.test(name) ? name : JSON.stringify(name));

/** `a.b.c = value;`, or with the path split into a dotted head and a nested rest. */
function binding(path: string[], value: string, dotted: number): string {
  const names = path.map(attrName);
  if (dotted >= names.length) return `${names.join('.')} = ${value};`;
  return `${names.slice(0, dotted).join('.')} = { ${names.slice(dotted).join('.')} = ${value}; };`;
}

interface Generator {
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  int(n: number): number;
}

function generator(seed: number): Generator {
  const next = random(seed);
  return {
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (p) => next() < p,
    int: (n) => Math.floor(next() * n),
  };
}

function generatedCase(index: number): ModuleCase {
  const g = generator(0x5eed + index * 7919);
  const declares = g.chance(0.6);
  const topology = g.pick(['flat2', 'flat3', 'chain3', 'inline', 'shared', 'subdir'] as const);
  const fileNames: Record<typeof topology, string[]> = {
    flat2: ['entry.nix', 'a.nix'],
    flat3: ['entry.nix', 'a.nix', 'b.nix'],
    chain3: ['entry.nix', 'a.nix', 'b.nix'],
    inline: ['entry.nix', 'a.nix', 'b.nix'],
    shared: ['entry.nix', 'a.nix', 'b.nix'],
    subdir: ['entry.nix', 'sub/default.nix', 'b.nix'],
  };
  const imports: Record<string, string[]> = {
    flat2: { 'entry.nix': ['./a.nix'] },
    flat3: { 'entry.nix': ['./a.nix', './b.nix'] },
    chain3: { 'entry.nix': ['./a.nix'], 'a.nix': ['./b.nix'] },
    inline: { 'entry.nix': ['./a.nix', '<inline>'], 'a.nix': ['./b.nix'] },
    shared: { 'entry.nix': ['./a.nix', './b.nix'], 'a.nix': ['./b.nix'] },
    subdir: { 'entry.nix': ['./sub', './b.nix'], 'sub/default.nix': ['../b.nix'] },
  }[topology] as Record<string, string[]>;
  const files = fileNames[topology];
  const moduleIds = [...files.map((f) => f.replace(/\.nix$/, '').replace('/default', '')), ...(topology === 'inline' ? ['inline'] : [])];
  const declarer = declares ? g.pick(files) : undefined;
  // Options read by conditions are written once, unconditionally, by the entry.
  const enableValue = declares && g.chance(0.7) ? g.pick(['true', 'false']) : undefined;

  const conditions = [
    'true',
    'false',
    '(config.networking.domain == "example.org")',
    '(config.networking.domain != "example.org")',
    ...(declares ? ['config.custom.enable', '(!config.custom.enable)'] : []),
  ];
  const slots = SLOTS.filter((s) => declares || !s.declared);
  let counter = 0;

  const value = (slot: Slot, id: string): string => {
    const tag = `${id}-${++counter}`;
    switch (slot.kind) {
      case 'list':
        return g.pick([
          `[ "${tag}" ]`,
          `[ "${tag}a" "${tag}b" ]`,
          `[ "${tag}-\${config.networking.domain}" ]`,
          `(lib.optionals (config.networking.domain == "example.org") [ "${tag}" ])`,
          ...(declares ? [`(lib.optional config.custom.enable "${tag}-enabled")`, `[ "${tag}-port-\${toString config.custom.port}" ]`] : []),
        ]);
      case 'lines':
        return g.pick([
          `"${tag}"`,
          `''\n      ${tag} first;\n      ${tag} second;\n    ''`,
          `"server_name \${config.networking.domain}; # ${tag}"`,
          ...(declares && slot.name !== 'text' ? [`"listen \${toString config.custom.port}; # ${tag}"`] : []),
        ]);
      case 'int':
        // custom.port is read by values: one value per priority, so it never conflicts.
        return slot.declared ? '%PORT%' : String(g.pick([80, 8080, 9000]));
      case 'string':
        return g.pick(['"alice"', '"bob"', '"svc-${config.networking.domain}"']);
      case 'bool':
        return g.pick(['true', 'false']);
      case 'labels':
        return g.pick([
          `{ ${id} = "${tag}"; }`,
          `{ shared = "${id}"; }`,
          `{ ${id} = lib.mkDefault "${tag}"; shared = lib.mkForce "forced-${id}"; }`,
          `(lib.mkMerge [ { ${id} = "${tag}"; } (lib.mkIf false { off = "${tag}"; }) ])`,
        ]);
    }
  };

  /**
   * `underPriority`: the block sets a priority already. nixpkgs discharges mkIf/mkMerge at an
   * option before it strips one mkOverride, so below a block's mkForce a leaf has neither.
   */
  const leaf = (slot: Slot, id: string, underPriority: boolean): string => {
    let expr = value(slot, id);
    let priority = 'plain';
    if ((slot.kind === 'list' || slot.kind === 'lines') && g.chance(0.35)) {
      expr = `(${g.pick(['lib.mkBefore', 'lib.mkAfter', 'lib.mkOrder 700'])} ${expr})`;
    }
    // mkOverride around mkMerge is not discharged at an option (nixpkgs), so not generated.
    if (!underPriority && !expr.startsWith('(lib.mkMerge') && g.chance(0.35)) {
      priority = g.pick(['lib.mkForce', 'lib.mkDefault', 'lib.mkOverride 900', ...(slot.name === 'tags' ? ['lib.mkOptionDefault'] : [])]);
      expr = `(${priority} ${expr})`;
    }
    if (expr.includes('%PORT%')) expr = expr.replace('%PORT%', String({ plain: 8080, 'lib.mkForce': 9090, 'lib.mkDefault': 8000, 'lib.mkOverride 900': 9900 }[priority] ?? 1));
    // Nor mkIf inside mkOverride: a block's mkForce/mkDefault would wrap it.
    if (!underPriority && g.chance(0.25)) expr = `(lib.mkIf ${g.pick(conditions)} ${expr})`;
    return expr;
  };

  /** One block: some slots of one group, maybe wrapped at the group's level. */
  const block = (id: string): { group: string[]; text: string } => {
    const group = g.pick(slots).group;
    const members = slots.filter((s) => s.group.join('.') === group.join('.'));
    const chosen = members.filter(() => g.chance(0.6));
    if (chosen.length === 0) chosen.push(g.pick(members));
    // At an option set, mkForce/mkDefault on the set applies to each option in it. Not on
    // custom: the declared custom.port is read by values, one value per priority.
    const wrapper = g.pick(['none', 'none', 'mkIf', 'mkMerge', ...(group[0] === 'custom' ? [] : ['priority' as const])] as const);
    const leaves = chosen.map((slot) => `${attrName(slot.name)} = ${leaf(slot, id, wrapper === 'priority')};`);
    let body: string;
    if (wrapper === 'mkIf') body = `lib.mkIf ${g.pick(conditions)} { ${leaves.join(' ')} }`;
    else if (wrapper === 'mkMerge' && leaves.length > 1) body = `lib.mkMerge [ { ${leaves[0]} } { ${leaves.slice(1).join(' ')} } ]`;
    else if (wrapper === 'priority') body = `${g.pick(['lib.mkForce', 'lib.mkDefault'])} { ${leaves.join(' ')} }`;
    else body = `{ ${leaves.join(' ')} }`;
    return { group, text: binding(group, body, 1 + g.int(group.length)) };
  };

  const moduleText = (file: string, id: string, inline = false): string => {
    const blocks = Array.from({ length: 1 + g.int(3) }, () => block(id));
    // Blocks of the same group cannot be two bindings of one set: they go into a mkMerge.
    const byGroup = new Map<string, string[]>();
    for (const b of blocks) byGroup.set(b.group.join('.'), [...(byGroup.get(b.group.join('.')) ?? []), b.text]);
    const bindings = [...byGroup.values()].map((texts) => (texts.length === 1 ? texts[0] : `lib.mkMerge [ ${texts.map((t) => `{ ${t} }`).join(' ')} ]`));
    let configBody = bindings.map((b) => (b.startsWith('lib.mkMerge') ? `%MERGE%${b}` : b));
    // A mkMerge of same-group blocks is a whole config value, so it needs the explicit form.
    const merges = configBody.filter((b) => b.startsWith('%MERGE%')).map((b) => `(${b.slice('%MERGE%'.length)})`);
    configBody = configBody.filter((b) => !b.startsWith('%MERGE%'));
    if (file === 'entry.nix') {
      // Beside a block that binds `custom` to a wrapped value, `custom.enable = …` would be a
      // second binding of it: then the fixed definitions are a mkMerge element of their own.
      const fixed = ['networking.domain = "example.org";', ...(enableValue ? [`custom.enable = ${enableValue};`] : [])];
      if (blocks.some((b) => b.group[0] === 'custom')) merges.push(`{ ${fixed.join(' ')} }`);
      else configBody.unshift(...fixed);
    }
    const importList = (imports[file] ?? []).map((target) => (target === '<inline>' ? `(${moduleText('', 'inline', true)})` : target));
    const declaresHere = file === declarer;
    const rootIf = !declaresHere && !inline && file !== 'entry.nix' && g.chance(0.2) ? g.pick(conditions) : undefined;
    const explicit = declaresHere || merges.length > 0 || rootIf !== undefined || g.chance(0.2);
    const parts: string[] = [];
    if (importList.length > 0) parts.push(`imports = [ ${importList.join(' ')} ];`);
    if (explicit) {
      if (declaresHere) parts.push(`options.custom = ${OPTIONS};`);
      let config = merges.length > 0 ? `lib.mkMerge [ { ${configBody.join(' ')} } ${merges.join(' ')} ]` : `{ ${configBody.join(' ')} }`;
      if (rootIf) config = `lib.mkIf ${rootIf} (${config})`;
      parts.push(`config = ${config};`);
    } else parts.push(...configBody);
    return `{ config, lib, ... }:\n{\n  ${parts.join('\n  ')}\n}\n`;
  };

  const out: Record<string, string> = {};
  files.forEach((file, i) => (out[file] = moduleText(file, moduleIds[i])));
  return { name: `generated${String(index).padStart(2, '0')}_${topology}${declares ? '_options' : ''}`, files: out };
}

export const GENERATED_MODULE_CASES = 60;

export const MODULE_CASES: ModuleCase[] = [
  ...handWritten,
  ...Array.from({ length: GENERATED_MODULE_CASES }, (_, i) => generatedCase(i)),
];
