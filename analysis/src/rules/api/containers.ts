// The container lists themselves (pkg/apis/core/validation/validation.go):
// - validateContainers: spec.containers must not be empty (Required);
// - validateContainerCommon: every container, init container and ephemeral container needs an image;
// - validateContainerOnlyForPod (Pods only, not templates): no leading/trailing whitespace in image;
// - names unique: among regular containers (the later one is the Duplicate), an init container
//   against the regular and earlier init ones (validateInitContainers), an ephemeral container
//   against all (validateEphemeralContainers);
// - validateEphemeralContainers: ports, resources, probes and lifecycle cannot be set on one;
// - ephemeral containers at all: ValidatePodCreate forbids them on create ("cannot be set on
//   create": they are added to a running pod through the ephemeralcontainers subresource, as
//   kubectl debug does), ValidatePodTemplateSpec in a template.
// A missing or null `containers` is the schema's "required" finding, so only an empty list is ours.
import type { PodContext, PodRule } from '../../rule';
import type { Fix } from '../../types';
import { removeKey, replaceScalar } from './edits';
import { containersOf, ContainerView, isSet, q } from './support';

export const ID = 'containers';

const EPHEMERAL_FORBIDDEN = ['ports', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];

function label(c: ContainerView): string {
  return `${c.list}[${c.index}]`;
}

function uniqueName(base: string, taken: Set<string>): string {
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, 60)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

function checkDuplicates(ctx: PodContext, all: ContainerView[]): void {
  const taken = new Set(all.map((c) => c.name));
  // Upstream order: regular containers first, then init containers, then ephemeral ones.
  const order = [...all.filter((c) => c.list === 'containers'), ...all.filter((c) => c.list === 'initContainers'), ...all.filter((c) => c.list === 'ephemeralContainers')];
  const first = new Map<string, ContainerView>();
  for (const c of order) {
    if (c.name === '') continue;
    const earlier = first.get(c.name);
    if (!earlier) {
      first.set(c.name, c);
      continue;
    }
    const renamed = uniqueName(c.name, taken);
    const edit = replaceScalar(ctx, [...c.path, 'name'], renamed);
    const fixes: Fix[] | undefined = edit ? [{ title: `Rename to '${renamed}'`, edits: [edit], preferred: true }] : undefined;
    if (edit) taken.add(renamed);
    ctx.report({
      path: [...c.path, 'name'],
      message: `Container name ${q(c.name)} is already used by ${label(earlier)}; names must be unique across init, regular and ephemeral containers.`,
      related: [{ path: [...earlier.path, 'name'], message: `${q(c.name)} first used here` }],
      fixes,
    });
  }
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'No containers, a container without an image, or two containers with the same name.',
  check(ctx) {
    const list = ctx.spec.containers;
    if (Array.isArray(list) && list.length === 0) {
      ctx.report({
        path: ctx.at('containers'),
        anchor: 'key',
        message: 'A pod needs at least one container in containers.',
      });
    }
    const ephemeral = ctx.spec.ephemeralContainers;
    if (Array.isArray(ephemeral) && ephemeral.length > 0) {
      const edit = removeKey(ctx, ctx.at('ephemeralContainers'));
      ctx.report({
        path: ctx.at('ephemeralContainers'),
        anchor: 'key',
        message: ctx.pod.isTemplate
          ? 'ephemeralContainers are not allowed in a pod template.'
          : 'ephemeralContainers cannot be set when a pod is created: they are added to a running pod, with kubectl debug.',
        fixes: edit ? [{ title: 'Remove ephemeralContainers', edits: [edit], preferred: true }] : undefined,
      });
    }
    const all = containersOf(ctx);
    for (const c of all) {
      const image = c.value.image;
      if (image === undefined || image === null || image === '') {
        ctx.report({
          path: [...c.path, 'image'],
          anchor: 'key',
          message: `${label(c)}${c.name ? ` (${q(c.name)})` : ''} needs an image.`,
        });
      } else if (typeof image === 'string' && !ctx.pod.isTemplate && image.trim() !== image) {
        const edit = image.trim() ? replaceScalar(ctx, [...c.path, 'image'], image.trim()) : null;
        ctx.report({
          path: [...c.path, 'image'],
          message: image.trim() ? `Image ${q(image)} must not have leading or trailing whitespace.` : `${label(c)} needs an image.`,
          fixes: edit ? [{ title: 'Remove the whitespace', edits: [edit], preferred: true }] : undefined,
        });
      }
      if (c.list === 'ephemeralContainers') {
        for (const key of EPHEMERAL_FORBIDDEN) {
          if (isSet(c.value, key)) {
            ctx.report({
              path: [...c.path, key],
              anchor: 'key',
              message: `${key} cannot be set on an ephemeral container.`,
            });
          }
        }
      }
    }
    checkDuplicates(ctx, all);
  },
};
