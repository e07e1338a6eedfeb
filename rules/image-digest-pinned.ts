import type { Span } from '../src/source/span.js';
import type { Rule } from '../src/engine/rule.js';
import { isFullDigest, isReleaseTag, parseImageReference } from '../src/model/image-ref.js';
import { locateInNixString, rangeIsUnknown } from '../src/nix/string-spans.js';
import { field } from '../src/model/access.js';

const rule: Rule = {
  id: 'image-digest-pinned',
  defaultSeverity: 'error',
  fixable: false,
  summary: 'The PowerSync image is pinned as <image>:<X.Y.Z>@sha256:<digest>.',
  check({ model, policy, report, cannotVerify }) {
    const container = model.container;
    if (!container) return;
    const imageFile = container.option('imageFile');
    if (imageFile && isPinnedImageFile(imageFile)) return;
    const image = container.option('image');
    const where = container.definedAt;
    if (!image) {
      if (where) report(where, `The container \`${container.name}\` sets no \`image\`; write \`image = "${policy.image}:<X.Y.Z>@sha256:<digest>";\`.`);
      return;
    }
    if (image.kind === 'unknown') return cannotVerify('the container image', image, where);
    if (image.kind !== 'string') return;
    const ref = parseImageReference(image.value);
    const spanOfRange = locateInNixString(image);
    const useSite = image.origin ? [{ at: image.origin, message: 'the image is used here' }] : [];
    const related = (span: Span) => (image.origin && (span.file !== image.origin.file || span.startIndex < image.origin.startIndex || span.endIndex > image.origin.endIndex) ? useSite : []);
    const unknownPart = rangeIsUnknown(image, ref.repository.end, image.value.length);
    if (unknownPart) {
      return cannotVerify('the image tag and digest', { kind: 'unknown', reason: unknownPart.unknown ?? 'unknown', origin: unknownPart.origin ?? image.origin }, where);
    }
    const tag = ref.tag;
    if (!tag || !isReleaseTag(tag.text)) {
      const span = tag ? spanOfRange(tag.start, tag.end) : spanOfRange(ref.repository.start, ref.repository.end);
      const why = !tag ? 'has no tag' : describeFloatingTag(tag.text);
      report(span, `The image ${why}; pin a release tag \`X.Y.Z\` with its digest: \`${policy.image}:<X.Y.Z>@sha256:<digest>\` (powersync-lint pin does it).`, { related: related(span) });
    }
    const digest = ref.digest;
    if (!digest || !isFullDigest(digest.text)) {
      const span = digest ? spanOfRange(digest.start, digest.end) : spanOfRange(0, image.value.length);
      const why = digest ? `digest \`${digest.text}\` is not a full \`sha256:<64 lowercase hex>\`` : 'has no digest, so the tag can move under you';
      report(span, `The image ${why}; append \`@sha256:<digest>\` of the tag's index (powersync-lint pin resolves it).`, { related: related(span) });
    }
  },
};

function describeFloatingTag(tag: string): string {
  if (tag === 'latest') return 'tag `latest` floats';
  if (/^\d+(\.\d+)?$/.test(tag)) return `tag \`${tag}\` floats to the newest ${tag.includes('.') ? 'patch' : 'minor'} release`;
  if (/-next$|^0\.0\.0-dev/.test(tag) || tag.includes('-')) return `tag \`${tag}\` is a pre-release`;
  return `tag \`${tag}\` is not a release tag`;
}

/** `imageFile = dockerTools.pullImage { imageDigest = "sha256:…"; }` pins by digest too. */
function isPinnedImageFile(imageFile: ReturnType<typeof field>): boolean {
  const digest = field(imageFile, 'imageDigest');
  return digest?.kind === 'string' && isFullDigest(digest.value);
}

export default rule;
