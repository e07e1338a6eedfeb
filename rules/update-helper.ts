import type { Rule } from '../src/engine/rule.js';

const rule: Rule = {
  id: 'update-helper',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'The image update helper exists, is executable, and runs `powersync-lint pin` or names the module file it rewrites.',
  check({ model, report }) {
    const container = model.container;
    if (!container) return;
    const helper = model.updateHelper;
    const image = container.option('image');
    const anchor = (image?.kind === 'string' ? image.origin : undefined) ?? container.definedAt;
    if (helper.kind === 'missing') {
      if (anchor) report(anchor, `The update helper ${helper.path} cannot be read (${helper.reason}), so nothing keeps this pinned image current; create it with \`exec powersync-lint pin "$@"\` (or set \`updateHelper\` in .powersync-lint.yaml).`);
      return;
    }
    if (!helper.executable) {
      report(helper.firstLineAt, `${helper.path} is not executable, so running it fails with "Permission denied"; \`chmod +x ${helper.path}\` (and \`git update-index --chmod=+x ${helper.path}\`).`);
    }
    if (helper.runsPin || helper.namesModule) return;
    const modules = helper.moduleFiles.length > 0 ? helper.moduleFiles.join(' or ') : 'the module that defines the container';
    report(helper.firstLineAt, `${helper.path} neither runs \`powersync-lint pin\` nor names ${modules}, where the image is pinned, so an update leaves the pin unchanged (or rewrites a file the host no longer uses); make it run \`powersync-lint pin "$@"\`.`, {
      related: anchor ? [{ at: anchor, message: 'the image is pinned here' }] : undefined,
    });
  },
};

export default rule;
