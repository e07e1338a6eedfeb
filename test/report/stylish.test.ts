import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/engine/finding.js';
import { formatStylish } from '../../src/report/stylish.js';

const MODULE = 'hosts/web-arm/powersync.nix';
const moduleText = `{ config, ... }:
{
  virtualisation.oci-containers.containers.powersync = {
    autoStart = true;
    image = "journeyapps/powersync-service:latest";
    ports = [ "8080:8080" ];
  };
}
`;
const files: Record<string, string> = { [MODULE]: moduleText };
const readFile = (file: string) => files[file];

function finding(overrides: Partial<Finding>): Finding {
  return { ruleId: 'r', severity: 'error', message: 'm', file: MODULE, line: 1, column: 1, endLine: 1, endColumn: 2, ...overrides };
}

const imageFinding = finding({
  ruleId: 'image-digest-pinned',
  message: 'Pin the image to a release tag and its digest, e.g. journeyapps/powersync-service:1.25.0@sha256:….',
  line: 5,
  column: 13,
  endLine: 5,
  endColumn: 51,
  related: [{ file: 'hosts/web-arm/configuration.nix', line: 3, column: 5, message: 'the module is imported here' }],
});
const portFinding = finding({
  ruleId: 'port-loopback-only',
  message: 'Publish the port on 127.0.0.1 only: "127.0.0.1:8080:8080".',
  line: 6,
  column: 15,
  endLine: 6,
  endColumn: 26,
});
const warning = finding({
  ruleId: 'cannot-verify',
  severity: 'warning',
  message: 'Cannot verify the proxy timeouts: services.nginx.proxyTimeout is not statically known.',
  file: 'hosts/web-arm/nginx.nix',
  line: 12,
  column: 3,
  endLine: 12,
  endColumn: 9,
});

describe('stylish report', () => {
  it('groups by file, frames each error with a caret under its columns, and sums up', () => {
    // Given out of order: the report sorts by file, then position.
    const output = formatStylish([warning, portFinding, imageFinding], { color: 0, readFile });
    assert.equal(
      output,
      `hosts/web-arm/nginx.nix
  12:3  warning  Cannot verify the proxy timeouts: services.nginx.proxyTimeout is not statically known.  cannot-verify

hosts/web-arm/powersync.nix
  5:13  error    Pin the image to a release tag and its digest, e.g. journeyapps/powersync-service:1.25.0@sha256:….  image-digest-pinned
      3 |   virtualisation.oci-containers.containers.powersync = {
      4 |     autoStart = true;
    > 5 |     image = "journeyapps/powersync-service:latest";
        |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
      6 |     ports = [ "8080:8080" ];
      7 |   };
    ↳ hosts/web-arm/configuration.nix:3:5: the module is imported here

  6:15  error    Publish the port on 127.0.0.1 only: "127.0.0.1:8080:8080".  port-loopback-only
      4 |     autoStart = true;
      5 |     image = "journeyapps/powersync-service:latest";
    > 6 |     ports = [ "8080:8080" ];
        |               ^^^^^^^^^^^
      7 |   };
      8 | }

✖ 3 problems (2 errors, 1 warning)
`,
    );
  });

  it('prints nothing when there is nothing to report', () => {
    assert.equal(formatStylish([], { color: 0, readFile }), '');
  });

  it('leaves the frame out when the file cannot be read, and counts in the singular', () => {
    const output = formatStylish([finding({ file: 'gone.nix', message: 'Gone.' })], { color: 0, readFile });
    assert.equal(output, 'gone.nix\n  1:1  error    Gone.  r\n\n✖ 1 problem (1 error, 0 warnings)\n');
  });

  it('prints paths through displayPath and counts fixable findings', () => {
    const fix = { description: 'pin', edits: [] };
    const output = formatStylish([{ ...warning, fix }], { color: 0, readFile, displayPath: (file) => `repo/${file}` });
    assert.match(output, /^repo\/hosts\/web-arm\/nginx\.nix\n/);
    assert.match(output, /\n  0 errors and 1 warning potentially fixable with the --fix option\.\n$/);
  });

  it('uses colour only when asked to', () => {
    assert.doesNotMatch(formatStylish([imageFinding], { color: 0, readFile }), /\u001b\[/);
    assert.match(formatStylish([imageFinding], { color: 1, readFile }), /\u001b\[31m/);
  });
});
