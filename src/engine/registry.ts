import type { Rule } from './rule.js';
import cannotVerify from '../../rules/cannot-verify.js';
import dsnDirectEndpoint from '../../rules/dsn-direct-endpoint.js';
import dsnNoReplicationParam from '../../rules/dsn-no-replication-param.js';
import egressNetwork from '../../rules/egress-network.js';
import egressNetworkOrdering from '../../rules/egress-network-ordering.js';
import imageDigestPinned from '../../rules/image-digest-pinned.js';
import importCycle from '../../rules/import-cycle.js';
import nixImport from '../../rules/nix-import.js';
import nixParseError from '../../rules/nix-parse-error.js';
import noPullNewer from '../../rules/no-pull-newer.js';
import portLoopbackOnly from '../../rules/port-loopback-only.js';
import vhostProxyTimeouts from '../../rules/vhost-proxy-timeouts.js';
import yamlParseError from '../../rules/yaml-parse-error.js';

/** Every rule, in the order of SPEC section 7. Adding a rule: a file in rules/, a line here. */
export const rules: Rule[] = [
  imageDigestPinned,
  noPullNewer,
  portLoopbackOnly,
  egressNetwork,
  egressNetworkOrdering,
  dsnDirectEndpoint,
  dsnNoReplicationParam,
  vhostProxyTimeouts,
  nixParseError,
  yamlParseError,
  nixImport,
  importCycle,
  cannotVerify,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
