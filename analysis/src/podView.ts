// A read-only view of a pod's containers, shared by the rules that compare containers with each other.
// Values come from YAML, so every field may have the wrong type: nothing here assumes a shape.
import type { PodContext } from './rule';
import type { Segment } from './types';
import { isObject as isObjectValue, listOf as listOfValue } from './values';
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

// Constants, not `export … from`: that compiles to a getter every rule's call would go through.
export const isObject = isObjectValue;
export const listOf = listOfValue;

const ALL_LISTS: readonly ContainerList[] = ['initContainers', 'containers', 'ephemeralContainers'];
const LIST_BIT: Record<ContainerList, number> = { initContainers: 1, containers: 2, ephemeralContainers: 4 };
const ALL_BITS = 7;

/** A view with its ports, once asked for (for hostNetwork false and true). */
interface CachedView extends ContainerView {
  ports?: [PortView[] | undefined, PortView[] | undefined];
}

// Every rule asks for the same views of the same pod, and the analysis goes one document at a time:
// the views are built once and kept for the PodSpec object analysed last, per set of lists (a
// lookup by spec in a WeakMap cost more than the rules' own work). They are shared, so callers must
// not mutate them (copy a path before extending it: [...c.path, k]).
let current: { spec: object; byLists: (CachedView[] | undefined)[] } | undefined;

/** The pod's containers, init containers first (start order), then regular, then ephemeral. */
export function containersOf(ctx: Pick<PodContext, 'spec' | 'at'>, lists: readonly ContainerList[] = ALL_LISTS): ContainerView[] {
  if (current?.spec !== ctx.spec) current = { spec: ctx.spec, byLists: [] };
  let bits = 0;
  for (const list of lists) bits |= LIST_BIT[list];
  let views = current.byLists[bits];
  if (!views) {
    const all = (current.byLists[ALL_BITS] ??= buildViews(ctx));
    views = bits === ALL_BITS ? all : all.filter((c) => (LIST_BIT[c.list] & bits) !== 0);
    current.byLists[bits] = views;
  }
  return views;
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

/** A container's declared ports, defaulted the way the API server defaults them (shared: do not mutate). */
export function portsOf(c: ContainerView, hostNetwork = false): PortView[] {
  const cache = ((c as CachedView).ports ??= [undefined, undefined]);
  const i = hostNetwork ? 1 : 0;
  return (cache[i] ??= buildPorts(c, hostNetwork));
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
