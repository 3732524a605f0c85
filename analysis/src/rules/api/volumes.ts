// Volumes and the mounts that name them (pkg/apis/core/validation/validation.go):
// - ValidateVolumes: volume names unique (the later one is the Duplicate);
// - validateVolumeSource: at most one source per volume ("may not specify more than 1 volume
//   type"); none at all is fine here, since defaulting (SetDefaults_Volume) makes it an emptyDir;
// - ValidateVolumeMounts: a mount names a defined volume (NotFound), mountPath set and unique in
//   the container, subPath/subPathExpr relative without '..' and not both, no name or path shared
//   with the container's volumeDevices;
// - ValidateVolumeDevices: names a persistentVolumeClaim or ephemeral volume, devicePath set,
//   unique, without '..';
// - the file modes and item paths of secret, configMap, downwardAPI and projected sources
//   (volumeSources.ts).
// Every container is checked, init, regular and ephemeral (validateContainerCommon). In a StatefulSet
// the controller adds a volume per volumeClaimTemplates entry to each pod, so those names count as
// persistentVolumeClaim volumes (the API server leaves a StatefulSet's template volumes to the pods:
// ValidatePodTemplateSpecForStatefulSet).
import type { PodContext, PodRule } from '../../rule';
import type { Fix, Segment } from '../../types';
import { formatPath } from '../../fieldPath';
import { insertSeqItem, replaceScalar } from './edits';
import { closest, containersOf, ContainerView, isObject, isSet, listOf, q, str } from './support';
import { checkVolumeFiles } from './volumeSources';

export const ID = 'volumes';

/** The volume sources of core/v1 VolumeSource (validateVolumeSource). */
export const VOLUME_SOURCES = [
  'emptyDir', 'hostPath', 'gitRepo', 'gcePersistentDisk', 'awsElasticBlockStore', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'flocker', 'persistentVolumeClaim', 'rbd', 'cinder', 'cephfs', 'quobyte', 'downwardAPI', 'fc',
  'flexVolume', 'configMap', 'azureFile', 'vsphereVolume', 'photonPersistentDisk', 'portworxVolume', 'azureDisk',
  'storageos', 'projected', 'scaleIO', 'csi', 'ephemeral', 'image',
];

const SOURCE_NAMES = new Set(VOLUME_SOURCES);

interface VolumeInfo {
  /** Index in spec.volumes; negative for a StatefulSet's volumeClaimTemplates entry. */
  index: number;
  source: string | null;
}

function yamlScalar(s: string): string {
  return /^[A-Za-z0-9][-A-Za-z0-9_.]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(s) ? s : JSON.stringify(s);
}

function checkVolumes(ctx: PodContext): Map<string, VolumeInfo> {
  const byName = new Map<string, VolumeInfo>();
  listOf(ctx.spec.volumes).forEach((v, i) => {
    if (!isObject(v)) return;
    // In the order written: the first one written is the one kept in the message.
    const sources = Object.keys(v).filter((k) => SOURCE_NAMES.has(k) && isSet(v, k));
    checkVolumeFiles(ctx, i, v);
    for (const extra of sources.slice(1)) {
      ctx.report({
        path: ctx.at('volumes', i, extra),
        anchor: 'key',
        message: `A volume has exactly one source, and this one already has ${sources[0]}: split it into two volumes or remove ${extra}.`,
        related: [{ path: ctx.at('volumes', i, sources[0]), anchor: 'key', message: `${sources[0]} set here` }],
      });
    }
    const name = str(v, 'name');
    if (name === undefined || name === '') return;
    const first = byName.get(name);
    if (first) {
      ctx.report({
        path: ctx.at('volumes', i, 'name'),
        message: `Volume name ${q(name)} is already used by volumes[${first.index}]; volume names must be unique.`,
        related: [{ path: ctx.at('volumes', first.index, 'name'), message: `${q(name)} first defined here` }],
      });
      return;
    }
    byName.set(name, { index: i, source: sources[0] ?? 'emptyDir' });
  });
  if (ctx.pod.kind === 'StatefulSet') {
    const root = ctx.document.value;
    const spec = isObject(root) && isObject(root.spec) ? root.spec : {};
    listOf(spec.volumeClaimTemplates).forEach((t, i) => {
      const name = isObject(t) && isObject(t.metadata) ? str(t.metadata, 'name') : undefined;
      if (name && !byName.has(name)) byName.set(name, { index: -1 - i, source: 'persistentVolumeClaim' });
    });
  }
  return byName;
}

function missingVolumeFixes(ctx: PodContext, name: string, mountNamePath: Segment[], suggestion: string | null, firstForName: boolean): Fix[] {
  const fixes: Fix[] = [];
  if (suggestion) {
    const edit = replaceScalar(ctx, mountNamePath, yamlScalar(suggestion));
    if (edit) fixes.push({ title: `Change to '${suggestion}'`, edits: [edit], preferred: true });
  }
  const insert = insertSeqItem(ctx, ctx.pod.specPath, 'volumes', `- name: ${yamlScalar(name)}\n  emptyDir: {}\n`, { styleLike: ctx.at('containers') });
  // Only the first mount of a missing name gets a preferred "add": "fix all" must add it once.
  if (insert) fixes.push({ title: `Add an emptyDir volume '${name}'`, edits: [insert], preferred: !suggestion && firstForName });
  return fixes;
}

/** The volume names for a message: the first few, and how many more (a message must stay short). */
function listed(volumes: Map<string, VolumeInfo>): string {
  const names = [...volumes.keys()];
  const shown = names.slice(0, LISTED).map((n) => q(n)).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

const LISTED = 10;

function checkMounts(ctx: PodContext, c: ContainerView, volumes: Map<string, VolumeInfo>, reported: Set<string>): void {
  const mountPaths = new Map<string, number>();
  const devices = listOf(c.value.volumeDevices).filter(isObject);
  const deviceNames = new Set(devices.map((d) => str(d, 'name')).filter((n): n is string => !!n));
  const devicePaths = new Set(devices.map((d) => str(d, 'devicePath')).filter((n): n is string => !!n));
  const volumesPath = ctx.at('volumes');
  const hasVolumes = Array.isArray(ctx.spec.volumes) && ctx.spec.volumes.length > 0;
  listOf(c.value.volumeMounts).forEach((m, i) => {
    if (!isObject(m)) return;
    const path = [...c.path, 'volumeMounts', i];
    const name = str(m, 'name');
    if (name === '') ctx.report({ path: [...path, 'name'], message: 'A volumeMount needs the name of a volume.' });
    else if (name !== undefined && !volumes.has(name)) {
      const suggestion = closest(name, volumes.keys());
      ctx.report({
        path: [...path, 'name'],
        message: `volumeMount ${q(name)} names no volume in ${formatPath(volumesPath, ctx.document.value, ctx.kubernetesVersion)}${suggestion ? `; did you mean ${q(suggestion)}?` : ''}`,
        related: [
          hasVolumes
            ? { path: volumesPath, anchor: 'key', message: `the volumes are defined here: ${listed(volumes) || 'none with a name'}` }
            : { path: ctx.pod.specPath, anchor: 'key', message: 'this pod spec defines no volumes' },
        ],
        fixes: missingVolumeFixes(ctx, name, [...path, 'name'], suggestion, !reported.has(name)),
      });
      reported.add(name);
    }
    if (name && deviceNames.has(name)) {
      ctx.report({ path: [...path, 'name'], message: `Volume ${q(name)} is also in this container's volumeDevices; a volume is either mounted or attached as a device.` });
    }
    const mountPath = str(m, 'mountPath');
    if (mountPath === '') ctx.report({ path: [...path, 'mountPath'], message: 'mountPath must not be empty.' });
    else if (mountPath !== undefined) {
      const first = mountPaths.get(mountPath);
      if (first !== undefined) {
        ctx.report({
          path: [...path, 'mountPath'],
          message: `mountPath ${q(mountPath)} is already used by volumeMounts[${first}] of this container; mount paths must be unique.`,
          related: [{ path: [...c.path, 'volumeMounts', first, 'mountPath'], message: `${q(mountPath)} first mounted here` }],
        });
      } else mountPaths.set(mountPath, i);
      if (devicePaths.has(mountPath)) {
        ctx.report({ path: [...path, 'mountPath'], message: `mountPath ${q(mountPath)} is also a devicePath in this container.` });
      }
    }
    checkPropagation(ctx, c, path, m);
    for (const key of ['subPath', 'subPathExpr'] as const) {
      const sub = str(m, key);
      if (sub) checkRelative(ctx, [...path, key], sub, key);
    }
    if (str(m, 'subPath') && str(m, 'subPathExpr')) {
      ctx.report({ path: [...path, 'subPathExpr'], anchor: 'key', message: 'subPath and subPathExpr are mutually exclusive: keep one.' });
    }
  });
}

function checkPropagation(ctx: PodContext, c: ContainerView, path: Segment[], m: Record<string, unknown>): void {
  // validateMountPropagation: Bidirectional only for privileged containers.
  const propagation = str(m, 'mountPropagation');
  const sc = isObject(c.value.securityContext) ? c.value.securityContext : {};
  if (propagation === 'Bidirectional' && sc.privileged !== true) {
    ctx.report({ path: [...path, 'mountPropagation'], message: 'Bidirectional mount propagation is available only to privileged containers.' });
  }
  // validateMountRecursiveReadOnly: Enabled/IfPossible need readOnly and no propagation.
  const rro = str(m, 'recursiveReadOnly');
  if (rro && rro !== 'Disabled') {
    if (m.readOnly !== true) {
      ctx.report({ path: [...path, 'recursiveReadOnly'], message: `recursiveReadOnly ${q(rro)} needs readOnly: true on the mount.` });
    }
    if (propagation && propagation !== 'None') {
      ctx.report({ path: [...path, 'recursiveReadOnly'], message: `recursiveReadOnly ${q(rro)} needs mountPropagation None (or left out), not ${q(propagation)}.` });
    }
  }
}

function checkRelative(ctx: PodContext, path: Segment[], value: string, key: string): void {
  // validateLocalDescendingPath: relative, and no '..' element.
  if (value.startsWith('/')) {
    const trimmed = value.replace(/^\/+/, '');
    const edit = trimmed && !trimmed.split('/').includes('..') ? replaceScalar(ctx, path, yamlScalar(trimmed)) : null;
    ctx.report({
      path,
      message: `${key} ${q(value)} must be a relative path inside the volume.`,
      fixes: edit ? [{ title: `Use '${trimmed}'`, edits: [edit], preferred: true }] : undefined,
    });
  }
  if (value.replace(/\\/g, '/').split('/').includes('..')) {
    ctx.report({ path, message: `${key} ${q(value)} must not contain '..': it may not leave the volume.` });
  }
}

function checkDevices(ctx: PodContext, c: ContainerView, volumes: Map<string, VolumeInfo>): void {
  const names = new Map<string, number>();
  const paths = new Map<string, number>();
  listOf(c.value.volumeDevices).forEach((d, i) => {
    if (!isObject(d)) return;
    const path = [...c.path, 'volumeDevices', i];
    const name = str(d, 'name');
    if (name === '') ctx.report({ path: [...path, 'name'], message: 'A volumeDevice needs the name of a volume.' });
    else if (name !== undefined) {
      const vol = volumes.get(name);
      if (!vol) {
        ctx.report({ path: [...path, 'name'], message: `volumeDevice ${q(name)} names no volume in ${formatPath(ctx.at('volumes'), ctx.document.value, ctx.kubernetesVersion)}` });
      } else if (vol.source !== 'persistentVolumeClaim' && vol.source !== 'ephemeral' && vol.index >= 0) {
        ctx.report({
          path: [...path, 'name'],
          message: `volumeDevice ${q(name)} is a ${vol.source} volume; block devices need a persistentVolumeClaim or ephemeral volume.`,
          related: [{ path: ctx.at('volumes', vol.index, 'name'), message: `${q(name)} defined here` }],
        });
      }
      if (names.has(name)) ctx.report({ path: [...path, 'name'], message: `volumeDevice ${q(name)} is listed twice in this container.` });
      else names.set(name, i);
    }
    const devicePath = str(d, 'devicePath');
    if (devicePath === '') ctx.report({ path: [...path, 'devicePath'], message: 'devicePath must not be empty.' });
    else if (devicePath !== undefined) {
      if (paths.has(devicePath)) ctx.report({ path: [...path, 'devicePath'], message: `devicePath ${q(devicePath)} is used twice in this container.` });
      else paths.set(devicePath, i);
      if (devicePath.split('/').includes('..')) ctx.report({ path: [...path, 'devicePath'], message: `devicePath ${q(devicePath)} must not contain '..'.` });
    }
  });
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'A volumeMount that names no volume, two volumes with one name, a volume with two sources, a bad mount path.',
  check(ctx) {
    const volumes = checkVolumes(ctx);
    const reported = new Set<string>();
    for (const c of containersOf(ctx)) {
      checkMounts(ctx, c, volumes, reported);
      checkDevices(ctx, c, volumes);
    }
  },
};
