# The oracle's module system for the module-system differential tests
# (differential-modules.test.ts): a small evalModules written the way nixpkgs'
# lib/modules.nix works, for the part of it powersync-lint models (src/nix/modules.ts,
# src/nix/merge.ts). Real Nix evaluates it; powersync-lint's module system must agree.
#
# What it follows from lib/modules.nix:
# - collectModules: `imports` (paths, inline modules, function modules) walked with
#   builtins.genericClosure, so modules come breadth first, each key (a file's path) once;
#   a function module is called with `{ config, options, lib, pkgs }` (config is the
#   fixpoint: the merged result).
# - unifyModuleSyntax: a module with `config` or `options` is explicit; otherwise everything
#   but `imports`/`_file`/`key`/… is config.
# - at every attrset level of the configuration ("option sets"), definitions are pushed down
#   (pushDownProperties: mkMerge spreads, mkIf and mkOverride wrap each attribute), without
#   forcing any condition, so `config.x` reads in mkIf conditions work;
# - at an option: dischargeProperties (mkMerge, mkIf), the declared default as an
#   mkOptionDefault definition, filterOverrides (lowest priority wins), sortProperties
#   (mkOrder, a stable sort), then the type's merge: `lines` joins with "\n", `listOf`
#   concatenates, `attrsOf` merges each attribute again (dropping ones left without a
#   definition), anything else must be equal (mergeEqualOption).
#
# What stands in for the nixpkgs option declarations powersync-lint does not have: a path
# nobody declares is an option set when a definition is an attrset, else an option whose
# type is `lines` for the names powersync-lint treats as lines (LINES below), `listOf` for
# lists, and must-be-equal otherwise.
#
# Where nixpkgs throws, the result is a marker instead, so one run covers every case:
# conflicting values give `{ __conflict = "a.b.c"; }`; an option nobody (effectively)
# defines and without default is left out of `output` (nixpkgs: "used but not defined").
lib:
let
  inherit (builtins)
    all any attrNames catAttrs concatLists concatMap concatStringsSep elem filter foldl' genericClosure genList
    head isAttrs isBool isFunction isList isPath isString length listToAttrs mapAttrs removeAttrs sort tail;

  /** Option names powersync-lint merges as types.lines when nothing declares them (src/nix/modules.ts). */
  LINES = [ "extraConfig" "appendConfig" "appendHttpConfig" "commonHttpConfig" "authentication" "identMap" "script" "preStart" "postStart" "extraCommands" ];

  defaultOverridePriority = 100;
  defaultOrderPriority = 1000;

  typeOf = v: if isAttrs v then v._type or "" else "";
  isOption = v: typeOf v == "option";
  isPlainSet = v: isAttrs v && !(v ? _type);
  showPath = concatStringsSep ".";
  absent = { __absent = true; };
  isAbsent = v: isAttrs v && v ? __absent;
  imap1 = f: list: genList (n: f (n + 1) (builtins.elemAt list n)) (length list);

  # ---- collecting modules (lib/modules.nix: collectModules, unifyModuleSyntax) ----

  unify = key: m:
    if m ? config || m ? options then {
      inherit key;
      imports = m.imports or [ ];
      options = m.options or { };
      config = m.config or { };
    } else {
      inherit key;
      imports = m.imports or [ ];
      options = { };
      config = removeAttrs m [ "_file" "key" "disabledModules" "imports" "freeformType" ];
    };

  load = args: parentKey: n: m:
    let
      key = if isPath m then toString m else "${parentKey}:anon-${toString n}";
      raw = if isPath m then import m else m;
    in
    unify key (if isFunction raw then raw args else raw);

  collect = args: parentKey: modules:
    imap1 (n: m:
      let module = load args parentKey n m; in
      { inherit (module) key; inherit module; children = collect args module.key module.imports; })
      modules;

  closure = args: modules:
    map (entry: entry.module) (genericClosure {
      startSet = collect args "root" modules;
      operator = entry: entry.children;
    });

  # ---- option declarations: one tree, options at the leaves ----

  mergeDeclarations = a: b:
    if isOption a || isOption b || !(isAttrs a && isAttrs b) then b
    else a // mapAttrs (name: value: if a ? ${name} then mergeDeclarations a.${name} value else value) b;

  # ---- properties (lib/modules.nix) ----

  pushDownProperties = cfg:
    if typeOf cfg == "merge" then concatMap pushDownProperties cfg.contents
    else if typeOf cfg == "if" then map (mapAttrs (n: v: lib.mkIf cfg.condition v)) (pushDownProperties cfg.content)
    else if typeOf cfg == "override" then map (mapAttrs (n: v: lib.mkOverride cfg.priority v)) (pushDownProperties cfg.content)
    else [ cfg ];

  dischargeProperties = def:
    if typeOf def == "merge" then concatMap dischargeProperties def.contents
    else if typeOf def == "if" then
      (if isBool def.condition then (if def.condition then dischargeProperties def.content else [ ])
       else throw "mkIf called with a non-Boolean condition")
    else [ def ];

  filterOverrides = defs:
    let
      getPrio = def: if typeOf def == "override" then def.priority else defaultOverridePriority;
      highestPrio = foldl' (prio: def: if getPrio def < prio then getPrio def else prio) 9999 defs;
      strip = def: if typeOf def == "override" then def.content else def;
    in
    concatMap (def: if getPrio def == highestPrio then [ (strip def) ] else [ ]) defs;

  sortProperties = defs:
    let
      strip = def: if typeOf def == "order" then { value = def.content; priority = def.priority; } else { value = def; priority = defaultOrderPriority; };
    in
    map (def: def.value) (sort (a: b: a.priority < b.priority) (map strip defs));

  # ---- merging ----

  # The definition under its mkIf/mkMerge/mkOverride/mkOrder wrappers, without forcing a
  # condition: whether it is an attrset decides between option set and option.
  contents = def:
    let t = typeOf def; in
    if t == "merge" then concatMap contents def.contents
    else if t == "if" || t == "override" || t == "order" then contents def.content
    else [ def ];

  conflict = path: { __conflict = showPath path; };

  mergeEqual = path: values:
    if all (v: v == head values) (tail values) then head values else conflict path;

  # The value of an option at `path` from its definitions, by `type` (an option-type
  # attrset of stub-lib.nix, or a name); `declared` is the declaration, if any.
  mergeOption = path: declared: type: defs:
    let
      withDefault = (if declared != null && declared ? default then [ (lib.mkOptionDefault declared.default) ] else [ ]) ++ defs;
      values = sortProperties (filterOverrides (concatMap dischargeProperties withDefault));
      name = if isAttrs type then type.name else type;
    in
    if length values == 0 then absent
    else if name == "lines" || name == "commas" || name == "separatedString" then
      (if all isString values then concatStringsSep type.separator values else conflict path)
    else if name == "listOf" || (name == "anything" && all isList values) then
      (if all isList values then concatLists values else conflict path)
    else if name == "attrsOf" then
      (if all isAttrs values then mergeAttrsOf path type.nestedTypes.elemType values else conflict path)
    else mergeEqual path values;

  mergeAttrsOf = path: elemType: values:
    let
      names = attrNames (foldl' (acc: v: acc // v) { } values);
      merged = map (name: { inherit name; value = mergeOption (path ++ [ name ]) null elemType (catAttrs name values); }) names;
    in
    listToAttrs (filter (entry: !(isAbsent entry.value)) merged);

  # An option set at `path`: `declarations` is the declared subtree (or null), `defs` the
  # definitions of this set, each pushed down to its attributes.
  mergeSet = path: declarations: defs:
    let
      pushed = concatMap pushDownProperties defs;
      declared = if declarations == null then { } else declarations;
      names = attrNames (declared // foldl' (acc: def: acc // def) { } pushed);
      child = name:
        let
          childDefs = catAttrs name pushed;
          childPath = path ++ [ name ];
        in
        if declared ? ${name} then
          (if isOption declared.${name} then mergeOption childPath declared.${name} (declared.${name}.type or "anything") childDefs
           else mergeSet childPath declared.${name} childDefs)
        else if any isPlainSet (concatMap contents childDefs) then mergeSet childPath null childDefs
        else mergeOption childPath null (if elem name LINES then lib.types.lines else "anything") childDefs;
    in
    listToAttrs (map (name: { inherit name; value = child name; }) names);

  # The result without the options nobody defines (nixpkgs fails when one is read).
  clean = v:
    if isPlainSet v then listToAttrs (map (name: { inherit name; value = clean v.${name}; }) (filter (name: !(isAbsent v.${name})) (attrNames v)))
    else if isList v then map clean v
    else v;
in
{
  evalModules = { modules, pkgs ? { } }:
    let
      args = { inherit config options lib pkgs; };
      collected = closure args modules;
      options = foldl' mergeDeclarations { } (map (m: m.options) collected);
      config = mergeSet [ ] options (map (m: m.config) collected);
    in
    {
      inherit config options;
      output = clean config;
      keys = map (m: m.key) collected;
    };
}
