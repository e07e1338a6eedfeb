# The oracle's `pkgs` for the fixture differential tests (differential-fixtures.test.ts).
# Every builder returns a plain attrset marked `_stub`, with the arguments that made it and
# an `outPath`, so that interpolating it gives a store path (as a derivation does) and the
# JSON of a module shows what it would build. Both real Nix and powersync-lint's
# evaluator evaluate this same file.
lib:
let
  # Any 32 characters of Nix's base-32 alphabet: the tests compare store paths with the
  # hash part normalised.
  hash = "00000000000000000000000000000000";
  stub = kind: name: fields: fields // {
    _stub = kind;
    inherit name;
    type = "derivation";
    outPath = "/nix/store/${hash}-${name}";
  };
  package = pname: stub "package" "${pname}-0-stub" { inherit pname; version = "0-stub"; };
  format = kind: { }: {
    type = lib.types.str;
    generate = name: value: stub "formats.${kind}" name { inherit value; };
  };
in
{
  inherit lib;

  writeText = name: text: stub "writeText" name { inherit text; };
  writeTextFile = { name, text, destination ? "", executable ? false, ... }:
    stub "writeTextFile" name { inherit text destination executable; };
  writeShellScript = name: text: stub "writeShellScript" name { inherit text; };
  writeShellScriptBin = name: text: stub "writeShellScriptBin" name { inherit text; destination = "/bin/${name}"; };

  formats = {
    yaml = format "yaml";
    json = format "json";
  };

  dockerTools.pullImage = { imageName, imageDigest, finalImageTag ? "latest", ... }@args:
    stub "dockerTools.pullImage" "docker-image-${baseNameOf imageName}.tar" (args // { imageTag = finalImageTag; });

  # The packages the fixtures name.
  htop = package "htop";
  jq = package "jq";
  sops = package "sops";
  podman = package "podman";
  postgresql_16 = package "postgresql";
  powersync = package "powersync-service";
}
