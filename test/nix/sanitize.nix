# Makes a value printable as JSON the same way in real Nix and in powersync-lint's
# evaluator: paths become "path:<absolute path>" (uncopied, so Nix writes nothing to the
# store), functions "<function>", stub derivations (stub-pkgs.nix) show their fields
# instead of collapsing to their outPath.
let
  go = v:
    let type = builtins.typeOf v; in
    if type == "path" then "path:${toString v}"
    else if type == "lambda" then "<function>"
    else if type == "list" then map go v
    else if type == "set" then
      (if v ? _stub then builtins.mapAttrs (name: go) (removeAttrs v [ "outPath" ])
       else if v ? outPath then go v.outPath
       else builtins.mapAttrs (name: go) v)
    else v;
in
go
