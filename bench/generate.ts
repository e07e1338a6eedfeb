/**
 * Generators of realistic fleet repositories for `npm run bench` and the robustness tests.
 * Everything is deterministic (the same arguments write the same bytes) and written under a
 * directory the caller chooses, normally a temporary one.
 *
 * - exampleRepo: a copy of fixtures/web-arm.
 * - largeHost: the example whose web-arm host also imports a generated module tree, so that
 *   the entry reaches `files` .nix files in the mixed styles real fleets use: option modules
 *   with `mkIf cfg.enable`, plain and dotted attrsets, let/rec/with/inherit, mkMerge,
 *   mkDefault/mkForce/mkAfter, indented strings with interpolation, helper functions called
 *   through `import ./helpers.nix { … }`, imports lists and directory imports.
 * - manyHosts: the example plus `hosts` other hosts sharing a module library, web-arm
 *   untouched: the cost of `--host web-arm` must not follow the repository's size.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const EXAMPLE = path.join(REPO_ROOT, 'fixtures', 'web-arm');

/** Copies the example repo to `dir` (created when missing). */
export function exampleRepo(dir: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(EXAMPLE, dir, { recursive: true });
  return dir;
}

/** Every `.nix` file under `dir`, POSIX paths relative to it, sorted. */
export function nixFiles(dir: string, under = ''): string[] {
  const found: string[] = [];
  for (const name of readdirSync(path.join(dir, under)).sort()) {
    const relative = under ? `${under}/${name}` : name;
    const stats = statSync(path.join(dir, relative));
    if (stats.isDirectory()) found.push(...nixFiles(dir, relative));
    else if (name.endsWith('.nix')) found.push(relative);
  }
  return found;
}

/** The .nix files of the example that the web-arm host reaches (every module but the other host's and the flake). */
function exampleReached(dir: string): string[] {
  return nixFiles(dir).filter((file) => file.startsWith('hosts/web-arm/') || file.startsWith('modules/'));
}

export interface LargeHost {
  root: string;
  /** Every .nix file the web-arm entry reaches, relative to root. */
  reached: string[];
}

/**
 * The example with `files` .nix files reachable from hosts/web-arm/configuration.nix
 * (modules, the directories' default.nix files and the helper files they import).
 */
export function largeHost(dir: string, files = 3000): LargeHost {
  exampleRepo(dir);
  const base = exampleReached(dir);
  const tree = moduleTree('modules/fleet', files - base.length, 'fleet');
  writeTree(dir, tree.files);
  addImport(dir, 'hosts/web-arm/configuration.nix', '../../modules/fleet');
  return { root: dir, reached: [...base, ...Object.keys(tree.files)].sort() };
}

export interface ManyHosts {
  root: string;
  hosts: string[];
}

/**
 * The example plus `hosts` generated hosts (hosts/h000 …) that import from a shared module
 * library (modules/library) of `libraryFiles` files; web-arm itself is unchanged.
 */
export function manyHosts(dir: string, hosts = 200, libraryFiles = 1200): ManyHosts {
  exampleRepo(dir);
  const library = moduleTree('modules/library', libraryFiles, 'lib');
  writeTree(dir, library.files);
  const names: string[] = [];
  const groups = library.groups;
  for (let h = 0; h < hosts; h++) {
    const name = `h${String(h).padStart(3, '0')}`;
    names.push(name);
    const picked = [groups[h % groups.length], groups[(h * 7 + 3) % groups.length]];
    const imports = [...new Set(picked)].map((group) => `    ../../${group}`);
    const files: Record<string, string> = {};
    files[`hosts/${name}/configuration.nix`] = `# ${name}: generated fleet host ${h}.
{ config, lib, pkgs, ... }:

{
  imports = [
    ./hardware-configuration.nix
    ../../modules/common.nix
${imports.join('\n')}
  ];

  networking.hostName = "${name}";
  networking.domain = "fleet.example.org";
  services.openssh.enable = true;
  time.timeZone = "UTC";
  system.stateVersion = "24.11";
}
`;
    files[`hosts/${name}/hardware-configuration.nix`] = `{ lib, modulesPath, ... }:

{
  imports = [ (modulesPath + "/profiles/qemu-guest.nix") ];

  boot.initrd.availableKernelModules = [ "virtio_pci" "virtio_scsi" "xhci_pci" ];
  fileSystems."/" = {
    device = "/dev/disk/by-label/nixos-${h}";
    fsType = "ext4";
  };
  nixpkgs.hostPlatform = lib.mkDefault "${h % 2 === 0 ? 'x86_64-linux' : 'aarch64-linux'}";
}
`;
    writeTree(dir, files);
  }
  return { root: dir, hosts: names };
}

function writeTree(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

/** Adds `target` to the first `imports = [` list of `file`. */
function addImport(dir: string, file: string, target: string): void {
  const absolute = path.join(dir, file);
  const text = readFileSync(absolute, 'utf8');
  const updated = text.replace(/imports = \[\n/, (list) => `${list}    ${target}\n`);
  if (updated === text) throw new Error(`${file} has no imports list to extend`);
  writeFileSync(absolute, updated);
}

interface ModuleTree {
  files: Record<string, string>;
  /** The directories of leaf groups, relative to ROOT. */
  groups: string[];
}

/**
 * A directory tree of exactly `count` .nix files under `top`: top/default.nix imports area
 * directories, each area imports group directories, each group imports its modules (and one
 * helpers.nix that some modules `import` as a function library).
 */
function moduleTree(top: string, count: number, prefix: string): ModuleTree {
  const files: Record<string, string> = {};
  const groups: string[] = [];
  const perGroup = 48; // modules + helpers.nix + default.nix ≈ 50 files
  const groupsNeeded = Math.max(1, Math.ceil(count / (perGroup + 2)));
  const areaCount = Math.max(1, Math.round(Math.sqrt(groupsNeeded / 3)));
  // Fixed files: top + areas + per group (default.nix, helpers.nix).
  let leaves = count - 1 - areaCount - groupsNeeded * 2;
  if (leaves < 0) throw new Error(`cannot lay out ${count} files`);
  const areas: string[][] = Array.from({ length: areaCount }, () => []);
  let serial = 0;
  for (let g = 0; g < groupsNeeded; g++) {
    const area = g % areaCount;
    const areaDir = `${top}/area${area}`;
    const groupName = `group${g}`;
    const groupDir = `${areaDir}/${groupName}`;
    areas[area].push(groupName);
    groups.push(groupDir);
    const here = Math.ceil(leaves / (groupsNeeded - g));
    leaves -= here;
    const names: string[] = [];
    for (let m = 0; m < here; m++) {
      const n = serial++;
      const name = `${styleName(n)}-${n}.nix`;
      names.push(name);
      files[`${groupDir}/${name}`] = leafModule(n, prefix);
    }
    files[`${groupDir}/helpers.nix`] = helpers(g);
    files[`${groupDir}/default.nix`] = importList(`Group ${g}: generated modules.`, names.map((name) => `./${name}`));
  }
  areas.forEach((groupNames, area) => {
    files[`${top}/area${area}/default.nix`] = importList(`Area ${area}.`, groupNames.map((name) => `./${name}`));
  });
  files[`${top}/default.nix`] = `# Generated fleet modules.
{ lib, ... }:

{
  imports = [
${areas.map((_, area) => `    ./area${area}`).join('\n')}
  ];
}
`;
  return { files, groups };
}

function importList(comment: string, targets: string[]): string {
  return `# ${comment}
{
  imports = [
${targets.map((target) => `    ${target}`).join('\n')}
  ];
}
`;
}

const STYLES = ['service', 'enable', 'vhost', 'users', 'timer', 'worker', 'database', 'firewall'] as const;

function styleName(n: number): string {
  return STYLES[n % STYLES.length];
}

/** One realistic module; the style rotates with n. */
function leafModule(n: number, prefix: string): string {
  const svc = `${prefix}svc${n - (n % STYLES.length)}`;
  const port = 20000 + (n % 30000);
  switch (styleName(n)) {
    case 'service':
      return `# ${svc}: a long-running service with its own options.
{ config, lib, pkgs, ... }:

with lib;

let
  cfg = config.fleet.services.${svc};
  defaultPort = ${port};
in
{
  options.fleet.services.${svc} = {
    enable = mkEnableOption "the ${svc} service";
    port = mkOption {
      type = types.port;
      default = defaultPort;
      description = "TCP port ${svc} listens on.";
    };
    extraArgs = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "Extra command line arguments.";
    };
  };

  config = mkIf cfg.enable {
    systemd.services.${svc} = {
      description = "${svc} worker";
      wantedBy = [ "multi-user.target" ];
      after = [ "network-online.target" ];
      wants = [ "network-online.target" ];
      serviceConfig = {
        ExecStart = "\${pkgs.coreutils}/bin/env PORT=\${toString cfg.port} \${concatStringsSep " " cfg.extraArgs}";
        Restart = "on-failure";
        RestartSec = 5;
        DynamicUser = true;
        StateDirectory = "${svc}";
      };
      environment = {
        PORT = toString cfg.port;
        LOG_LEVEL = "info";
      };
    };
    networking.firewall.allowedTCPPorts = optional (cfg.port >= 30000) cfg.port;
  };
}
`;
    case 'enable':
      return `# Turns ${svc} on for this host.
{
  fleet.services.${svc}.enable = true;
  fleet.services.${svc}.extraArgs = [ "--verbose" "--id=${n}" ];
  fleet.services.${svc} = {
    port = ${port + 1};
  };
}
`;
    case 'vhost': {
      const site = `site${n}.fleet.example.org`;
      return `# Public endpoint of ${svc}.
{ config, lib, ... }:

let
  upstream = "127.0.0.1:\${toString config.fleet.services.${svc}.port}";
  timeout = "${60 + (n % 5) * 30}s";
in
{
  services.nginx.virtualHosts."${site}" = {
    enableACME = true;
    forceSSL = true;
    locations."/" = {
      proxyPass = "http://\${upstream}";
      proxyWebsockets = ${n % 2 === 0 ? 'true' : 'false'};
      extraConfig = ''
        # generated for ${svc}
        proxy_read_timeout \${timeout};
        proxy_send_timeout \${timeout};
        client_max_body_size ${1 + (n % 50)}m;
      '';
    };
    locations."/metrics".return = "404";
  };
}
`;
    }
    case 'users':
      return `# Accounts and groups for ${svc}.
{ config, lib, pkgs, ... }:

let
  inherit (lib) mkMerge mkIf mkDefault optionals;
  names = rec {
    user = "u${n}";
    group = "\${user}-grp";
    home = "/var/lib/\${user}";
  };
  inherit (names) user group;
in
{
  config = mkMerge [
    {
      users.users.\${user} = {
        isSystemUser = true;
        inherit group;
        home = names.home;
        createHome = mkDefault false;
        extraGroups = [ "systemd-journal" ] ++ optionals (${n} > 1000) [ "wheel" ];
      };
      users.groups.\${group} = { };
    }
    (mkIf (config.fleet.services.${svc}.enable or false) {
      systemd.services.${svc}.serviceConfig.User = user;
    })
  ];
}
`;
    case 'timer':
      return `# A nightly job of ${svc}, built with the group's helpers.
{ config, lib, pkgs, ... }:

let
  helpers = import ./helpers.nix { inherit lib; };
  schedule = helpers.nightly ${n % 24};
in
helpers.mkTimer "${svc}-maintenance" schedule ''
  set -eu
  echo "maintenance of ${svc} (job ${n})"
  find /var/lib/${svc} -name '*.tmp' -mtime +7 -delete
''
`;
    case 'worker':
      return `# Queue workers of ${svc}.
{ config, lib, pkgs, ... }:

let
  workers = [ "a" "b" "c" ];
  base = {
    wantedBy = [ "multi-user.target" ];
    serviceConfig.Restart = "always";
  };
  mkWorker = name: base // {
    description = "${svc} worker \${name}";
    environment = { QUEUE = "${svc}-\${name}"; } // lib.optionalAttrs (name == "a") { PRIMARY = "1"; };
    path = with pkgs; [ coreutils curl jq ];
    script = ''
      exec \${pkgs.coreutils}/bin/sleep \${toString (${n} + 1)}
    '';
  };
in
{
  systemd.services = lib.listToAttrs (map (name: lib.nameValuePair "${svc}-worker-\${name}" (mkWorker name)) workers);
}
`;
    case 'database':
      return `# PostgreSQL database and role of ${svc}.
{ lib, ... }:

{
  services.postgresql = {
    ensureDatabases = [ "${svc}" ];
    ensureUsers = [
      {
        name = "${svc}";
        ensureDBOwnership = true;
      }
    ];
    authentication = lib.mkAfter ''
      host ${svc} ${svc} 10.89.${n % 250}.0/24 scram-sha-256
    '';
  };
}
`;
    default:
      return `# Firewall and monitoring of ${svc}.
{ config, lib, ... }:

let
  enabled = config.fleet.services.${svc}.enable;
in
{
  networking.firewall = lib.mkIf enabled {
    allowedTCPPorts = [ ${port + 2} ];
    allowedUDPPortRanges = [ { from = ${port + 3}; to = ${port + 4}; } ];
  };
  environment.etc."fleet/${svc}.json".text = builtins.toJSON {
    service = "${svc}";
    inherit enabled;
    ports = [ ${port} ${port + 2} ];
  };
  boot.kernel.sysctl."net.core.somaxconn" = lib.mkDefault ${1024 + (n % 4) * 1024};
}
`;
  }
}

function helpers(g: number): string {
  return `# Helpers of group ${g}.
{ lib }:

rec {
  nightly = hour: "*-*-* \${lib.fixedWidthNumber or (w: toString) 2 hour}:${String(g % 60).padStart(2, '0')}:00";

  mkTimer = name: onCalendar: script: {
    systemd.timers.\${name} = {
      wantedBy = [ "timers.target" ];
      timerConfig = {
        OnCalendar = onCalendar;
        Persistent = true;
      };
    };
    systemd.services.\${name} = {
      serviceConfig.Type = "oneshot";
      inherit script;
    };
  };
}
`;
}
