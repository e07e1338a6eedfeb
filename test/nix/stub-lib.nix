# The oracle's lib for the differential tests: the functions powersync-lint's evaluator
# models in TypeScript (src/nix/eval/lib.ts, types.ts), written in Nix the way nixpkgs'
# lib writes them, so that real Nix computes what the evaluator's lib must compute.
let
  inherit (builtins)
    all any attrNames attrValues catAttrs concatLists concatMap concatStringsSep elem elemAt
    filter foldl' genList getAttr hasAttr head isAttrs isList length listToAttrs map
    mapAttrs removeAttrs replaceStrings sort stringLength substring tail;

  optionType = name: extra: { _type = "option-type"; inherit name; } // extra;
  wrapping = name: elemType: optionType name { nestedTypes = { inherit elemType; }; };

  lowerChars = [ "a" "b" "c" "d" "e" "f" "g" "h" "i" "j" "k" "l" "m" "n" "o" "p" "q" "r" "s" "t" "u" "v" "w" "x" "y" "z" ];
  upperChars = [ "A" "B" "C" "D" "E" "F" "G" "H" "I" "J" "K" "L" "M" "N" "O" "P" "Q" "R" "S" "T" "U" "V" "W" "X" "Y" "Z" ];
in
rec {
  inherit
    all any attrNames attrValues catAttrs concatLists concatMap concatStringsSep elem elemAt
    filter foldl' genList getAttr hasAttr head length listToAttrs map mapAttrs removeAttrs
    replaceStrings sort stringLength substring tail;

  id = x: x;

  mkIf = condition: content: { _type = "if"; inherit condition content; };
  mkMerge = contents: { _type = "merge"; inherit contents; };
  mkOverride = priority: content: { _type = "override"; inherit priority content; };
  mkOptionDefault = mkOverride 1500;
  mkDefault = mkOverride 1000;
  mkImageMediaOverride = mkOverride 60;
  mkForce = mkOverride 50;
  mkVMOverride = mkOverride 10;
  mkOrder = priority: content: { _type = "order"; inherit priority content; };
  mkBefore = mkOrder 500;
  mkAfter = mkOrder 1500;
  mkOption = attrs: attrs // { _type = "option"; };
  mkEnableOption = name: mkOption {
    default = false;
    example = true;
    description = "Whether to enable ${name}.";
    type = types.bool;
  };
  literalExpression = text: { _type = "literalExpression"; inherit text; };

  types = {
    str = optionType "str" { };
    bool = optionType "bool" { };
    int = optionType "int" { };
    lines = optionType "lines" { separator = "\n"; };
    commas = optionType "commas" { separator = ","; };
    listOf = wrapping "listOf";
    attrsOf = wrapping "attrsOf";
    nullOr = wrapping "nullOr";
    enum = values: optionType "enum" { inherit values; };
  };

  optional = cond: elem: if cond then [ elem ] else [ ];
  optionals = cond: elems: if cond then elems else [ ];
  optionalString = cond: string: if cond then string else "";
  optionalAttrs = cond: as: if cond then as else { };

  concatMapStrings = f: list: concatStringsSep "" (map f list);
  concatMapStringsSep = sep: f: list: concatStringsSep sep (map f list);
  hasPrefix = pref: str: substring 0 (stringLength pref) str == pref;
  hasSuffix = suffix: content:
    let
      lenContent = stringLength content;
      lenSuffix = stringLength suffix;
    in
    lenContent >= lenSuffix && substring (lenContent - lenSuffix) lenContent content == suffix;
  removePrefix = prefix: str:
    if hasPrefix prefix str then substring (stringLength prefix) (stringLength str - stringLength prefix) str else str;
  removeSuffix = suffix: str:
    if suffix != "" && hasSuffix suffix str then substring 0 (stringLength str - stringLength suffix) str else str;
  toUpper = replaceStrings lowerChars upperChars;
  toLower = replaceStrings upperChars lowerChars;

  last = list: elemAt list (length list - 1);
  flatten = x: if isList x then concatMap (y: flatten y) x else [ x ];
  unique = foldl' (acc: e: if elem e acc then acc else acc ++ [ e ]) [ ];
  foldl = op: nul: list:
    let
      go = n: if n == -1 then nul else op (go (n - 1)) (elemAt list n);
    in
    go (length list - 1);
  foldr = op: nul: list:
    let
      len = length list;
      go = n: if n == len then nul else op (elemAt list n) (go (n + 1));
    in
    go 0;

  nameValuePair = name: value: { inherit name value; };
  mapAttrsToList = f: attrs: map (name: f name attrs.${name}) (attrNames attrs);
  mapAttrs' = f: set: listToAttrs (map (attr: f attr set.${attr}) (attrNames set));
  genAttrs = names: f: listToAttrs (map (n: nameValuePair n (f n)) names);
  filterAttrs = pred: set:
    listToAttrs (concatMap (name: let v = set.${name}; in if pred name v then [ (nameValuePair name v) ] else [ ]) (attrNames set));
  recursiveUpdate = lhs: rhs:
    let
      go = lhs: rhs:
        lhs // rhs // listToAttrs (map (name: nameValuePair name (
          let l = lhs.${name}; r = rhs.${name}; in if isAttrs l && isAttrs r then go l r else r
        )) (filter (name: hasAttr name lhs) (attrNames rhs)));
    in
    go lhs rhs;

  strings = { inherit concatMapStrings concatMapStringsSep optionalString hasPrefix hasSuffix removePrefix removeSuffix toUpper toLower; };
  lists = { inherit optional optionals flatten unique last foldl foldr; };
  attrsets = { inherit mapAttrsToList mapAttrs' genAttrs filterAttrs recursiveUpdate nameValuePair optionalAttrs; };
}
