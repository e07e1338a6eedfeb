import type { Span } from '../../source/span.js';
import { coerceToParts } from './coerce.js';
import { attrsOf, plainString, stringOf } from './make.js';
import { expect, expectText, isUnknown, partialSet, primop, withSet } from './primops.js';
import type { Runtime } from './runtime.js';
import { lazy } from './thunk.js';
import { placeholderStorePath } from './store.js';
import { ready, unknown, type AttrsValue, type FileValue, type Thunk, type Value } from './value.js';

/** What `runtimeShell` renders as in generated scripts. */
const RUNTIME_SHELL = `${placeholderStorePath('bash-5.2', 'runtimeShell')}/bin/bash`;

/**
 * The modelled part of `pkgs`: `lib`, the text-file writers and `formats.yaml/json`, whose
 * results are files carrying their content, and `dockerTools.pullImage`, whose result
 * keeps the image reference it pins. Any other package is an unknown
 * ("pkgs.hello is not modelled"), so `pkgs.hello` can be selected without failing.
 */
export function createPkgs(rt: Runtime, lib: AttrsValue): AttrsValue {
  const anything = (lib.attrs.get('types')!.force() as AttrsValue).attrs.get('anything')!;
  const file = (name: Thunk, format: FileValue['format'], content: Thunk, site: Span | undefined, destination?: string): Value => {
    const fileName = expectText(name, `pkgs file writer`, site);
    if (isUnknown(fileName)) return unknown(fileName.reason, site);
    return { kind: 'file', name: fileName, format, content, origin: site, destination };
  };

  /** `#!${runtimeShell}` + newline + the text, as nixpkgs writes shell scripts. */
  const shellScript = (text: Thunk, site: Span | undefined) =>
    lazy(() => stringOf([{ text: `#!${RUNTIME_SHELL}\n` }, ...coerceToParts(rt, text.force(), 'interpolate', site)], site), text.origin);

  const format = (kind: 'yaml' | 'json') =>
    primop(`pkgs.formats.${kind}`, 1, (_, site) =>
      attrsOf([
        ['type', anything],
        ['generate', ready(primop(`pkgs.formats.${kind}.generate`, 2, ([name, value], callSite) => file(name, kind, value, callSite)))],
      ], site));

  return partialSet('pkgs', {
    lib,
    writeText: primop('pkgs.writeText', 2, ([name, text], site) => file(name, 'text', text, site)),
    writeTextFile: primop('pkgs.writeTextFile', 1, ([args], site) => {
      const attrs = expect(args, 'attrs', 'pkgs.writeTextFile', site);
      if (attrs.kind === 'unknown') return unknown(attrs.reason, site);
      const name = attrs.attrs.get('name');
      const text = attrs.attrs.get('text');
      if (!name || !text) return unknown('pkgs.writeTextFile: `name` and `text` are required', site);
      const destination = attrs.attrs.get('destination');
      const where = destination ? expectText(destination, 'pkgs.writeTextFile', site) : undefined;
      if (isUnknown(where)) return unknown(where.reason, site);
      return file(name, 'text', text, site, where);
    }),
    writeShellScript: primop('pkgs.writeShellScript', 2, ([name, text], site) => file(name, 'text', shellScript(text, site), site)),
    writeShellScriptBin: primop('pkgs.writeShellScriptBin', 2, ([name, text], site) => {
      const binary = expectText(name, 'pkgs.writeShellScriptBin', site);
      if (isUnknown(binary)) return unknown(binary.reason, site);
      return file(name, 'text', shellScript(text, site), site, `/bin/${binary}`);
    }),
    formats: partialSet('pkgs.formats', { yaml: format('yaml'), json: format('json') }),
    dockerTools: partialSet('pkgs.dockerTools', {
      pullImage: primop('pkgs.dockerTools.pullImage', 1, ([args], site) => withSet(args, 'pkgs.dockerTools.pullImage', site, (set) => pulledImage(set, site))),
    }),
    runtimeShell: plainString(RUNTIME_SHELL),
  });
}

/**
 * `dockerTools.pullImage { imageName; imageDigest; finalImageTag ? "latest"; … }`: a
 * derivation that, as in nixpkgs, carries its arguments (`imageDigest`, …) and `imageTag`.
 */
function pulledImage(args: AttrsValue, site: Span | undefined): Value {
  const image = attrsOf(args.attrs, site, args.keyOrigins);
  const textOf = (name: string) => {
    const thunk = args.attrs.get(name);
    return thunk ? expectText(thunk, 'pkgs.dockerTools.pullImage', site) : undefined;
  };
  image.attrs.set('type', ready(plainString('derivation', site)));
  image.attrs.set('imageTag', args.attrs.get('finalImageTag') ?? ready(plainString('latest', site)));
  image.attrs.set('outPath', lazy(() => {
    const name = textOf('finalImageName') ?? textOf('imageName');
    if (name === undefined || isUnknown(name)) return unknown(`pkgs.dockerTools.pullImage: the image name is not known`, site);
    return plainString(placeholderStorePath(`docker-image-${name.replace(/[^\w.-]/g, '-')}.tar`, `${name}@${site?.file}:${site?.startIndex}`), site);
  }, site));
  return image;
}
