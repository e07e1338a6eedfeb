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
import serviceConfigSchema from '../../rules/service-config-schema.js';
import serviceConfigReplication from '../../rules/service-config-replication.js';
import serviceConfigStorage from '../../rules/service-config-storage.js';
import storageReachable from '../../rules/storage-reachable.js';
import serviceConfigAuth from '../../rules/service-config-auth.js';
import serviceConfigPort from '../../rules/service-config-port.js';
import syncRulesValid from '../../rules/sync-rules-valid.js';
import mountsReadOnly from '../../rules/mounts-read-only.js';
import secretWiring from '../../rules/secret-wiring.js';
import sopsSecretEncrypted from '../../rules/sops-secret-encrypted.js';
import noPlaintextSecrets from '../../rules/no-plaintext-secrets.js';
import vhostTls from '../../rules/vhost-tls.js';
import vhostWebsockets from '../../rules/vhost-websockets.js';
import vhostUpstream from '../../rules/vhost-upstream.js';
import vhostNoForwardAuth from '../../rules/vhost-no-forward-auth.js';
import vhostProxyBuffering from '../../rules/vhost-proxy-buffering.js';
import storageDatabase from '../../rules/storage-database.js';
import sharedBuffers from '../../rules/shared-buffers.js';
import moduleImported from '../../rules/module-imported.js';
import livenessProbe from '../../rules/liveness-probe.js';
import updateHelper from '../../rules/update-helper.js';
import invalidSuppression from '../../rules/invalid-suppression.js';
import unusedSuppression from '../../rules/unused-suppression.js';

/** Every rule, in the order of SPEC section 7. Adding a rule: a file in rules/, a line here. */
export const rules: Rule[] = [
  imageDigestPinned,
  noPullNewer,
  portLoopbackOnly,
  egressNetwork,
  egressNetworkOrdering,
  mountsReadOnly,
  secretWiring,
  sopsSecretEncrypted,
  noPlaintextSecrets,
  dsnDirectEndpoint,
  dsnNoReplicationParam,
  serviceConfigSchema,
  serviceConfigReplication,
  serviceConfigStorage,
  storageReachable,
  serviceConfigAuth,
  serviceConfigPort,
  syncRulesValid,
  vhostTls,
  vhostWebsockets,
  vhostProxyTimeouts,
  vhostUpstream,
  vhostNoForwardAuth,
  vhostProxyBuffering,
  storageDatabase,
  sharedBuffers,
  moduleImported,
  livenessProbe,
  updateHelper,
  nixParseError,
  yamlParseError,
  nixImport,
  importCycle,
  cannotVerify,
  invalidSuppression,
  unusedSuppression,
];

export function ruleById(id: string): Rule | undefined {
  return rules.find((r) => r.id === id);
}
