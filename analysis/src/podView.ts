// A read-only view of a pod's containers, shared by the rules that compare containers with each other.
// Values come from YAML, so every field may have the wrong type: nothing here assumes a shape.
import type { PodContext } from './rule';
import type { Segment } from './types';
import { isObject, listOf } from './values';
import { quote } from './quote';

export type ContainerList = 'initContainers' | 'containers' | 'ephemeralContainers';

export interface ContainerView {
  list: ContainerList;
  /** Index in its list. */
  index: number;
  /** Absolute field path of the container. */
  path: Segment[];
  /** The container's name, or '' when it is not a string. */
  name: string;
  /** The container's plain value (an empty object when it is not a mapping). */
  value: Record<string, unknown>;
  /**
   * A native sidecar: an init container with `restartPolicy: Always` (KEP-753). It starts before the
   * app containers and keeps running beside them (`validateInitContainers` in
   * pkg/apis/core/validation/validation.go accepts only `Always` there).
   */
  isSidecar: boolean;
  /** Runs at the same time as the app containers: a regular container or a native sidecar. */
  runsWithApp: boolean;
}

export { isObject, listOf } from './values';

const ALL_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];

// Every rule asks for the same views of the same pod: they are built once per PodSpec object. The
// views are shared, so callers must not mutate them (copy a path before extending it: [...c.path, k]).
const VIEWS = new WeakMap<object, ContainerView[]>();

/** The pod's containers, init containers first (start order), then regular, then ephemeral. */
export function containersOf(ctx: Pick<PodContext, 'spec' | 'at'>, lists: readonly ContainerList[] = ALL_LISTS): ContainerView[] {
  let all = VIEWS.get(ctx.spec);
  if (!all) {
    all = buildViews(ctx);
    VIEWS.set(ctx.spec, all);
  }
  return lists === ALL_LISTS ? all.slice() : all.filter((c) => lists.includes(c.list));
}

function buildViews(ctx: Pick<PodContext, 'spec' | 'at'>): ContainerView[] {
  const out: ContainerView[] = [];
  for (const list of ALL_LISTS) {
    listOf(ctx.spec[list]).forEach((item, index) => {
      const value = isObject(item) ? item : {};
      const isSidecar = list === 'initContainers' && value.restartPolicy === 'Always';
      out.push({
        list,
        index,
        path: ctx.at(list, index),
        name: typeof value.name === 'string' ? value.name : '',
        value,
        isSidecar,
        runsWithApp: list === 'containers' || isSidecar,
      });
    });
  }
  return out;
}

/** A short, human label for a container in messages: `container 'app'` or `init container #2`. */
export function describeContainer(c: ContainerView, capital = false): string {
  const kind = c.isSidecar ? 'sidecar' : c.list === 'initContainers' ? 'init container' : c.list === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  const text = c.name ? `${kind} ${quote(c.name)}` : `${kind} #${c.index}`;
  return capital ? text[0].toUpperCase() + text.slice(1) : text;
}

export interface PortView {
  /** Index in the container's `ports`. */
  index: number;
  /** Absolute field path of the port entry. */
  path: Segment[];
  /** The containerPort when it is an integer in 1–65535, else null (the API rules report it). */
  containerPort: number | null;
  /** Defaulted as the API server does (pkg/apis/core/v1/defaults.go): TCP. */
  protocol: string;
  /** 0 when unset; with `hostNetwork: true` defaulting makes it the containerPort. */
  hostPort: number;
  hostIP: string;
  /** '' when unset or not a string. */
  name: string;
}

function portNumber(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535 ? v : null;
}

const PORTS = [new WeakMap<ContainerView, PortView[]>(), new WeakMap<ContainerView, PortView[]>()];

/** A container's declared ports, defaulted the way the API server defaults them (shared: do not mutate). */
export function portsOf(c: ContainerView, hostNetwork = false): PortView[] {
  const cache = PORTS[hostNetwork ? 1 : 0];
  let ports = cache.get(c);
  if (!ports) {
    ports = buildPorts(c, hostNetwork);
    cache.set(c, ports);
  }
  return ports;
}

function buildPorts(c: ContainerView, hostNetwork: boolean): PortView[] {
  return listOf(c.value.ports).map((item, index) => {
    const p = isObject(item) ? item : {};
    const containerPort = portNumber(p.containerPort);
    const hostPort = portNumber(p.hostPort) ?? (hostNetwork && containerPort !== null ? containerPort : 0);
    return {
      index,
      path: [...c.path, 'ports', index],
      containerPort,
      protocol: typeof p.protocol === 'string' && p.protocol !== '' ? p.protocol : 'TCP',
      hostPort,
      hostIP: typeof p.hostIP === 'string' ? p.hostIP : '',
      name: typeof p.name === 'string' ? p.name : '',
    };
  });
}
