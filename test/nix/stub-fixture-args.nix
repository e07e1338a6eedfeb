# The module arguments every fixture module is called with by the fixture differential
# tests: `lib` is given (the oracle's stub-lib.nix, or powersync-lint's own lib), the rest
# are stubs written in Nix, evaluated by real Nix and by powersync-lint's evaluator alike.
# `secrets`: the sops secret names the fixtures read (the test finds them in the fixtures).
{ lib, secrets }:
let
  pkgs = import ./stub-pkgs.nix lib;
in
{
  inherit lib pkgs;
  modulesPath = "/stub/nixpkgs/nixos/modules";
  options = { };
  # A fixed configuration: what the fixtures read from `config`.
  config = {
    sops.secrets = lib.genAttrs secrets (name: { path = "/run/secrets/${name}"; });
    networking.hostName = "web-arm";
    networking.domain = "reptide.eu";
    reptide.monitoring.enable = true;
    reptide.powersync.enable = true;
    services.postgresql.package = pkgs.postgresql_16;
  };
}
