// Checks of a manifest against the images on the local engine, before anything runs: what the
// kubelet would refuse once it has the image (runAsNonRoot with an image that runs as root:
// CreateContainerConfigError; imagePullPolicy Never with an image that is not there:
// ErrImageNeverPull); and, as information, a containerPort the image does not EXPOSE. Plain code:
// the extension gathers the images' facts (never pulling) and places these problems like the
// runtime's (runtimePlacement.ts), by field path.
import { isObject, parseYaml, podsOfFile, valueAt, type Obj } from '../../../analysis/src';
import type { ImageFacts } from '../../../runtime/src';
import { unexposedPort } from './imageProcess';
import type { ContainerList, RuntimeProblem } from './runtimeProblems';

/** One container of a manifest, with what the image checks need. */
export interface ImageUse {
  document: number;
  pod: { name: string; namespace: string };
  list: ContainerList;
  container: string;
  image: string;
  pullPolicy?: string;
  /** Effective runAsNonRoot (the container's, else the pod's), and where it is written. */
  runAsNonRoot?: 'container' | 'pod';
  /** runAsUser is set (container or pod): the kubelet checks that number, not the image's user. */
  runAsUser: boolean;
  /** ports[] entries with a numeric containerPort, by their index in the list. */
  ports: { index: number; containerPort: number; protocol?: string }[];
}

function securityContext(o: unknown): Obj {
  const sc = isObject(o) ? o.securityContext : undefined;
  return isObject(sc) ? sc : {};
}

/** The containers of every pod and pod template of a text. Never throws. */
export function imageUses(text: string): ImageUse[] {
  let file: ReturnType<typeof parseYaml>;
  try {
    file = parseYaml(text);
  } catch {
    // The parser failed on its own (a bug, not bad YAML): nothing to check this time.
    return [];
  }
  const out: ImageUse[] = [];
  for (const pod of podsOfFile(file)) {
    const spec = valueAt(file.documents[pod.document]?.value, pod.location.specPath);
    if (!isObject(spec)) continue;
    const podSc = securityContext(spec);
    for (const list of ['initContainers', 'containers'] as const) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      for (const c of containers) {
        if (!isObject(c) || typeof c.name !== 'string' || typeof c.image !== 'string' || !c.image) continue;
        const sc = securityContext(c);
        const nonRoot = sc.runAsNonRoot !== undefined ? (sc.runAsNonRoot === true ? 'container' : undefined) : podSc.runAsNonRoot === true ? 'pod' : undefined;
        out.push({
          document: pod.document,
          pod: { name: pod.name, namespace: pod.namespace },
          list,
          container: c.name,
          image: c.image,
          pullPolicy: typeof c.imagePullPolicy === 'string' ? c.imagePullPolicy : undefined,
          runAsNonRoot: nonRoot,
          runAsUser: typeof (sc.runAsUser ?? podSc.runAsUser) === 'number',
          ports: (Array.isArray(c.ports) ? c.ports : []).flatMap((p, index) =>
            isObject(p) && typeof p.containerPort === 'number' ? [{ index, containerPort: p.containerPort, ...(typeof p.protocol === 'string' ? { protocol: p.protocol } : {}) }] : [],
          ),
        });
      }
    }
  }
  return out;
}

/** The problems the images on the engine show; `facts` has every image of `uses` (null: absent). */
export function imageProblems(uses: readonly ImageUse[], facts: ReadonlyMap<string, ImageFacts | null>): RuntimeProblem[] {
  const out: RuntimeProblem[] = [];
  for (const u of uses) {
    const pod = { uid: `image-checks/${u.document}`, name: u.pod.name, namespace: u.pod.namespace };
    const container = { list: u.list, name: u.container };
    const f = facts.get(u.image);
    if (f === null && u.pullPolicy === 'Never') {
      out.push({
        pod,
        code: 'ErrImageNeverPull',
        severity: 'error',
        container: u.container,
        message: `Container image "${u.image}" is not present on the engine with pull policy of Never: the pod would fail with ErrImageNeverPull.`,
        targets: [{ root: 'spec', container, path: ['image'] }],
      });
    }
    if (f) {
      for (const port of u.ports.filter((x) => unexposedPort(x, f))) {
        out.push({
          pod,
          code: 'PortNotExposed',
          severity: 'info',
          container: u.container,
          message: `Image "${u.image}" does not EXPOSE ${port.containerPort}/${(port.protocol ?? 'TCP').toLowerCase()} (it exposes ${f.exposedPorts.join(', ')}): check the port number or the image. EXPOSE is only a declaration; the pod runs either way.`,
          targets: [{ root: 'spec', container, path: ['ports', port.index, 'containerPort'] }],
        });
      }
    }
    if (!f || !u.runAsNonRoot || u.runAsUser) continue;
    // The kubelet's verifyRunAsNonRoot (pkg/kubelet/kuberuntime/security_context_others.go): with no
    // runAsUser the image's user decides; uid 0 fails, and a name cannot be verified.
    const user = f.user.split(':')[0];
    const why =
      user === '' || user === '0' || user === 'root'
        ? `image "${u.image}" runs as root${user ? ` (USER ${f.user})` : ' (no USER)'}`
        : /^\d+$/.test(user)
          ? undefined
          : `image "${u.image}" has a non-numeric user (${user}), which cannot be verified as non-root`;
    if (!why) continue;
    out.push({
      pod,
      code: 'CreateContainerConfigError',
      severity: 'error',
      container: u.container,
      message: `Container ${u.container} has runAsNonRoot and ${why}: the kubelet would refuse to start it (CreateContainerConfigError). Set runAsUser, or use an image with a numeric non-root USER.`,
      targets: u.runAsNonRoot === 'container' ? [{ root: 'spec', container, path: ['securityContext', 'runAsNonRoot'] }] : [{ root: 'spec', path: ['securityContext', 'runAsNonRoot'] }],
    });
  }
  return out;
}
