import type { Rule } from '../src/engine/rule.js';
import { field } from '../src/model/access.js';
import { isSopsEncrypted } from '../src/model/sops-file.js';

const rule: Rule = {
  id: 'sops-secret-encrypted',
  defaultSeverity: 'error',
  fixable: false,
  summary: "Each policy secret is a key of the host's sops file, its value is encrypted (`ENC[…]`) and the file carries sops metadata.",
  check({ model, policy, report, cannotVerify }) {
    if (!model.container) return;
    const reportedFiles = new Set<string>();
    for (const name of policy.secrets) {
      const { file, key } = model.sops.fileOf(name);
      const secret = model.sops.secrets.get(name);
      const declaredAt = secret?.declaredAt;
      switch (file.kind) {
        case 'none':
          if (declaredAt) report(declaredAt, `The sops secret "${name}" has no sops file: set \`sops.defaultSopsFile = ./secrets.yaml;\` (or its \`sopsFile\`), or sops-nix has nothing to decrypt it from.`);
          continue;
        case 'unknown':
          cannotVerify(`the sops file of "${name}"`, file.unknown, file.option.origin ?? declaredAt);
          continue;
        case 'unsupported':
          cannotVerify(`the sops file of "${name}"`, { kind: 'unknown', reason: `sops format "${file.format}" is not read by powersync-lint`, origin: file.option.origin }, declaredAt);
          continue;
        case 'unreadable': {
          const at = file.option.origin ?? declaredAt;
          if (at) report(at, `The sops file ${file.path} of "${name}" cannot be read (${file.reason}), so sops-nix fails to decrypt the secret at activation; create it with \`sops ${file.path}\`.`);
          continue;
        }
        case 'file':
          break;
      }
      const { document, path } = file;
      if (document.errors.length > 0) continue; // yaml-parse-error reports them
      if (!document.metadata && !reportedFiles.has(path)) {
        reportedFiles.add(path);
        report(document.firstKeyAt, `${path} has no sops metadata (a top-level \`sops:\` map with a \`mac\`), so it is not a sops-encrypted file and sops-nix cannot decrypt it; encrypt it in place with \`sops --encrypt --in-place ${path}\`.`, {
          related: file.option.origin ? [{ at: file.option.origin, message: 'the sops file is named here' }] : undefined,
        });
      }
      const entry = document.entry(key);
      if (!entry) {
        const at = (key !== name ? field(secret?.attrs, 'key')?.origin : undefined) ?? declaredAt ?? file.option.origin;
        if (at) {
          report(at, `${path} has no key \`${key}\`, so sops-nix fails to decrypt the secret "${name}" at activation and the switch fails; add it with \`sops ${path}\`.`, {
            related: file.option.origin && file.option.origin !== at ? [{ at: file.option.origin, message: 'the sops file is named here' }] : undefined,
          });
        }
        continue;
      }
      for (const leaf of entry.leaves) {
        if (isSopsEncrypted(leaf.value)) continue;
        report(leaf.at, `The value of \`${key}\` in ${path} is not encrypted (sops writes every value as \`ENC[AES256_GCM,…]\`), so the secret is in the repository in plain text; rotate it and re-encrypt the file with \`sops --encrypt --in-place ${path}\`.`);
      }
    }
  },
};

export default rule;
