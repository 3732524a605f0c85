// Accepted by the API server but almost certainly not meant; and good practice, at lower severity.
import type { PodRule } from '../../rule';
import { configKeyMissing } from './configKeyMissing';
import { imageLatestTag } from './imageLatestTag';
import { portConflict } from './portConflict';
import { portNameDuplicate } from './portNameDuplicate';
import { hostAccess } from './hostAccess';
import { probePortUndeclared } from './probePortUndeclared';
import { readinessProbeMissing } from './readinessProbeMissing';
import { resourcesMissing } from './resourcesMissing';
import { runAsRoot } from './runAsRoot';
import { sidecarInContainers } from './sidecarInContainers';
import { sidecarUnsupportedVersion } from './sidecarUnsupportedVersion';
import { volumeUnused } from './volumeUnused';

/** Good practice: lower severity (category 'practice'), each switchable. */
export const PRACTICE_RULES: PodRule[] = [imageLatestTag, resourcesMissing, readinessProbeMissing, runAsRoot, hostAccess];

export const LINT_RULES: PodRule[] = [
  // lint: accepted, but not what a person meant
  portConflict,
  portNameDuplicate,
  probePortUndeclared,
  sidecarInContainers,
  sidecarUnsupportedVersion,
  volumeUnused,
  configKeyMissing,
  ...PRACTICE_RULES,
];
