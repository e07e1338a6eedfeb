/**
 * `powersync-lint pin [--tag TAG] [--registry URL] [--dry-run] [ROOT]`: resolve a release tag of
 * the PowerSync image to its manifest digest on the registry and rewrite the tag and digest
 * literals of the host's image in place (the successor of the update.sh helpers).
 */
import path from 'node:path';
import { UsageError } from '../engine/errors.js';
import type { Policy } from '../engine/policy.js';
import type { TextEdit } from '../engine/finding.js';
import type { StringValue } from '../nix/eval/value.js';
import type { ParsedNix } from '../nix/parse.js';
import type { Span } from '../source/span.js';
import type { SourceTree } from '../source/tree.js';
import { parseCommandArgs } from './args.js';
import type { CliContext } from './context.js';
import { ExitCode } from './exit-code.js';
import { displayPath, entryWithinRoot, readableRoot } from './lint.js';
import { packageVersion } from './package-root.js';

const HELP = `Usage: powersync-lint pin [options] [ROOT]

Resolve a release of the PowerSync image to its manifest digest on the registry and rewrite
the image of the host under ROOT (default: the current directory) in place, where the tag and
the digest are written — in the image string, or in the let binding or attrset it is built
from. Every other byte of the file stays as it is; the file is replaced atomically.

Options:
  --tag X.Y.Z           the release to pin (default: the newest X.Y.Z of the major.minor the
                        image is on now; minor and major updates need --tag)
  --registry URL        the registry's base URL (default: the image's registry, Docker Hub
                        https://registry-1.docker.io for journeyapps/powersync-service)
  --dry-run             print the change as a unified diff; write nothing
  --host NAME           the host, as for linting (default: policy file, else the one host
                        that runs journeyapps/powersync-service)
  --entry FILE          entry module instead of hosts/NAME/configuration.nix
  -c, --config FILE     policy file (default: ROOT/.powersync-lint.yaml, when present)
  -h, --help            show this help

The digest is the one the registry serves for the tag (Docker-Content-Digest) with the OCI
image index and Docker manifest list preferred: for the multi-arch PowerSync image, the
index's digest, which is the same on every host architecture.

Exit status: 0 pinned (or already pinned), 2 an unknown tag, a registry error, or an image
that cannot be rewritten — in all of these nothing is changed.

Examples:
  powersync-lint pin                      newest patch release of the current X.Y
  powersync-lint pin --tag 1.26.0         move to another release
  powersync-lint pin --dry-run | less     review the edit first
`;

const OPTIONS = {
  tag: { type: 'string' },
  registry: { type: 'string' },
  'dry-run': { type: 'boolean' },
  host: { type: 'string' },
  entry: { type: 'string' },
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A reason `pin` cannot go on; nothing has been changed. Exit 2. */
export class PinError extends Error {
  override name = 'PinError';
}

export async function run(args: string[], context: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('pin', args, OPTIONS, true);
  if (values.help) {
    context.stdout.write(HELP);
    return ExitCode.ok;
  }
  if (positionals.length > 1) throw new UsageError(`pin takes at most one ROOT directory, got ${positionals.length}: ${positionals.join(' ')}`);
  const [{ RegistryError }, { parseRelease }] = await Promise.all([import('../registry/errors.js'), import('../registry/tags.js')]);
  if (values.tag !== undefined && !parseRelease(values.tag)) {
    throw new UsageError(`--tag ${JSON.stringify(values.tag)} is not a release X.Y.Z (floating tags such as 1.25 or latest, -next pre-releases and dev builds cannot be pinned)`);
  }
  try {
    return await pin(
      { tag: values.tag, registry: values.registry, dryRun: values['dry-run'] === true, host: values.host, entry: values.entry, config: values.config, root: positionals[0] ?? '.' },
      context,
    );
  } catch (error) {
    if (error instanceof PinError || error instanceof RegistryError) {
      context.stderr.write(`powersync-lint pin: ${error.message}; nothing was changed\n`);
      return ExitCode.usage;
    }
    throw error;
  }
}

interface PinInvocation {
  tag?: string;
  registry?: string;
  dryRun: boolean;
  host?: string;
  entry?: string;
  config?: string;
  root: string;
}

async function pin(invocation: PinInvocation, context: CliContext): Promise<number> {
  const root = readableRoot(invocation.root, context.cwd);
  const entry = invocation.entry === undefined ? undefined : entryWithinRoot(invocation.entry, root, context.cwd);
  const [{ DiskTree }, { rules }, { loadPolicy }, registry, tags, { RegistryClient, INDEX_MEDIA_TYPES, normalizeBaseUrl }, { planImagePin }, { parseImageReference }, overlay, edits, diff, atomic] =
    await Promise.all([
      import('../source/disk-tree.js'),
      import('../engine/registry.js'),
      import('../engine/policy-file.js'),
      import('../registry/reference.js'),
      import('../registry/tags.js'),
      import('../registry/client.js'),
      import('../fix/image-pin.js'),
      import('../model/image-ref.js'),
      import('../fix/overlay-tree.js'),
      import('../fix/edits.js'),
      import('../fix/diff.js'),
      import('../fix/atomic-write.js'),
    ]);
  const { policy } = loadPolicy({ root: invocation.root, configFile: invocation.config, knownRuleIds: rules.map((rule) => rule.id), cwd: context.cwd });
  const tree = new DiskTree(root);
  const target = await findImage(root, tree, policy, invocation.host ?? policy.host, entry);
  const ref = parseImageReference(target.image.value);
  const name = ref.repository.text;
  const baseUrl = invocation.registry === undefined ? undefined : normalizeBaseUrl(invocation.registry);
  const location = registry.locateRepository(name, baseUrl);
  const client = new RegistryClient({ baseUrl: location.baseUrl, userAgent: `powersync-lint/${packageVersion()}` });
  const where = client.describe(location.repository);
  const imageAt = target.image.origin ? ` (${spanText(target.image.origin)})` : '';

  let tag = invocation.tag;
  if (tag === undefined) {
    const current = ref.tag?.text;
    const line = current === undefined ? undefined : tags.releaseLine(current);
    if (!line) {
      throw new PinError(`the image${imageAt} has ${current === undefined ? 'no tag' : `tag \`${current}\``}, which names no X.Y release line to follow; choose the release with --tag X.Y.Z`);
    }
    const newest = tags.newestPatch(await client.listTags(location.repository), line);
    if (!newest) throw new PinError(`${where} has no X.Y.Z release of ${line.major}.${line.minor}; choose the release with --tag X.Y.Z`);
    const pinned = current === undefined ? undefined : tags.parseRelease(current);
    if (pinned && pinned.patch > newest.patch) {
      throw new PinError(`the newest ${line.major}.${line.minor}.x release on ${where} is ${newest.tag}, older than the pinned ${current}; choose the release with --tag X.Y.Z`);
    }
    tag = newest.tag;
  }
  const manifest = await client.resolveDigest(location.repository, tag);
  if (!INDEX_MEDIA_TYPES.includes(manifest.mediaType)) {
    context.stderr.write(`powersync-lint pin: note: ${where}:${tag} is a single-platform manifest (${manifest.mediaType || 'no media type'}), not a multi-arch index; its digest pins that one platform's image\n`);
  }

  const plan = planImagePin(target.image, target.syntax, tag, manifest.digest);
  if (!plan.ok) throw new PinError(`cannot rewrite the image${imageAt}: ${plan.problem}`);
  const wanted = `${name}:${tag}@${manifest.digest}`;
  if (plan.edits.length === 0) {
    context.stdout.write(`${name} is already pinned to ${tag}@${manifest.digest}\n`);
    return ExitCode.ok;
  }

  // Apply in memory, and check that the host now evaluates to exactly the wanted image before
  // a byte is written.
  const fixed = new overlay.OverlayTree(tree);
  const byFile = edits.editsByFile([{ description: 'pin', edits: plan.edits }]);
  for (const [file, fileEdits] of byFile) {
    const text = tree.read(file);
    if (!text.ok) throw new PinError(`cannot read ${file}: ${text.reason}`);
    fixed.write(file, edits.applyEdits(text.text, fileEdits));
  }
  const check = await findImage(root, fixed, policy, target.host, entry);
  if (check.image.value !== wanted) {
    throw new Error(`pin: the rewritten host evaluates to image "${check.image.value}", not "${wanted}"`);
  }

  const changed = fixed.changedFiles();
  if (invocation.dryRun) {
    for (const file of changed) {
      const before = tree.read(file);
      const after = fixed.read(file);
      if (before.ok && after.ok) context.stdout.write(diff.unifiedDiff(file, before.text, after.text));
    }
    context.stderr.write(`powersync-lint pin: ${describeChange(ref.tag?.text, tag, manifest.digest)} (dry run: nothing written)\n`);
    return ExitCode.ok;
  }
  for (const file of changed) {
    const after = fixed.read(file);
    if (after.ok) atomic.writeFileAtomic(path.join(root, file), after.text);
  }
  const places = placesOf(plan.wrote, plan.edits, root, context.cwd);
  context.stdout.write(`${name}: ${describeChange(ref.tag?.text, tag, manifest.digest)}\n${places}`);
  return ExitCode.ok;
}

function describeChange(from: string | undefined, to: string, digest: string): string {
  return from === to ? `${to} re-pinned to ${digest}` : `${from ?? '(no tag)'} → ${to}@${digest}`;
}

function placesOf(wrote: { tag?: Span; digest?: Span }, edits: TextEdit[], root: string, cwd: string): string {
  const lines: string[] = [];
  for (const [what, span] of [['tag', wrote.tag], ['digest', wrote.digest]] as const) {
    if (span && edits.some((e) => e.file === span.file)) lines.push(`  ${displayPath(path.join(root, span.file), cwd)}:${span.line}:${span.column}  ${what}\n`);
  }
  return lines.join('');
}

function spanText(span: Span): string {
  return `${span.file}:${span.line}:${span.column}`;
}

interface ImageTarget {
  host: string;
  image: StringValue;
  syntax: (file: string) => ParsedNix | undefined;
}

/** The PowerSync container's `image` value, as the lint finds it. */
async function findImage(root: string, tree: SourceTree, policy: Policy, host: string | undefined, entry: string | undefined): Promise<ImageTarget> {
  const [{ resolveEntry }, { createEvaluator }, { evaluateHost }, { findContainer }] = await Promise.all([
    import('../engine/lint.js'),
    import('../nix/eval/index.js'),
    import('../nix/modules.js'),
    import('../model/container.js'),
  ]);
  const resolved = resolveEntry({ root, tree, policy, host, entry });
  const evaluator = createEvaluator({ tree });
  const configuration = evaluateHost(evaluator, tree, resolved.entry);
  const container = findContainer(configuration.config.force(), policy);
  if (!container) throw new PinError(`host ${resolved.host} defines no ${policy.image} container (virtualisation.oci-containers.containers.${policy.container})`);
  const image = container.option('image');
  const at = container.definedAt ? ` at ${spanText(container.definedAt)}` : '';
  if (!image) throw new PinError(`the container \`${container.name}\`${at} sets no \`image\``);
  if (image.kind === 'unknown') throw new PinError(`the image of \`${container.name}\`${at} is not statically known (${image.reason})`);
  if (image.kind !== 'string') throw new PinError(`the image of \`${container.name}\`${at} is a ${image.kind}, not a string`);
  return { host: resolved.host, image, syntax: (file) => evaluator.parsed.get(file) };
}
