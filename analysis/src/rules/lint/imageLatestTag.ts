// An image with no tag means `:latest`, which moves: two nodes, or one node a week apart, may run
// different code under the same manifest, and a rollback cannot go back. Defaulting also sets
// `imagePullPolicy: Always` for such images (pkg/apis/core/v1/defaults.go), so every start pulls.
// A digest (`@sha256:…`) pins the image exactly, whatever the tag says.
import { containersOf, describeContainer } from '../../podView';
import type { PodContext, PodRule } from '../../rule';

/** The tag of an image reference, '' when there is none; null for a digest reference. */
export function imageTag(image: string): string | null {
  if (image.includes('@')) return null;
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (`localhost:5000/app`).
  return colon > slash ? image.slice(colon + 1) : '';
}

export const imageLatestTag: PodRule = {
  id: 'image-latest-tag',
  category: 'practice',
  defaultSeverity: 'info',
  description: 'An image with no tag or the `:latest` tag: the version running can change without the manifest changing.',
  check(ctx: PodContext) {
    for (const c of containersOf(ctx)) {
      const image = c.value.image;
      if (typeof image !== 'string' || image.trim() === '') continue;
      const tag = imageTag(image.trim());
      if (tag === null || (tag !== '' && tag !== 'latest')) continue;
      const what = tag === '' ? 'has no tag, so it means :latest' : 'uses the :latest tag';
      ctx.report({
        path: [...c.path, 'image'],
        message: `The image of ${describeContainer(c)} ${what}, which can change under you: pin a version tag or a digest.`,
      });
    }
  },
};
