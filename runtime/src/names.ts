// Names the API server would give: a pod with only metadata.generateName gets one made from it.
import { randomInt } from 'node:crypto';

/**
 * The alphabet of k8s.io/apimachinery/pkg/util/rand (`alphanums`): no vowels, so that no words are
 * spelled by accident, and none of 0, 1, 3 that read like letters.
 */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** k8s.io/apiserver/pkg/storage/names: maxNameLength 63, randomLength 5, so prefixes keep 58. */
const MAX_NAME_LENGTH = 63;
const RANDOM_LENGTH = 5;
export const MAX_GENERATED_PREFIX = MAX_NAME_LENGTH - RANDOM_LENGTH;

/**
 * A name from a generateName prefix, as SimpleNameGenerator.GenerateName makes it: the prefix cut
 * to 58 characters, then 5 random characters.
 */
export function generateName(prefix: string, random: (n: number) => number = randomInt): string {
  let suffix = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) suffix += NAME_ALPHABET[random(NAME_ALPHABET.length)];
  return prefix.slice(0, MAX_GENERATED_PREFIX) + suffix;
}
