// Helpers shared by the API-server rules: the name formats of k8s.io/apimachinery/pkg/util/validation
// (validation.go: IsDNS1123Label, IsDNS1123Subdomain, IsValidPortName, IsEnvVarName …), typed reads
// of plain YAML values, and "did you mean" suggestions. Messages are ours, shorter than upstream's.
import type { PodContext } from '../../rule';
import { containersOf as podContainersOf, ContainerView, isObject as isObjectValue, listOf as listOfValue } from '../../podView';

export type { ContainerView };

// Constants, not `export { … }` of imports: that compiles to a getter every call would go through.
export const isObject = isObjectValue;
export const listOf = listOfValue;
/** The pod's containers (init, regular, ephemeral), built once per pod spec and shared: do not modify. */
export const containersOf = podContainersOf;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/**
 * A value a templating tool fills in later (`{{ .Values.name }}`, `vttablet-{{uid}}`, `${NAME}`): not
 * judged. `{{` then `}}` on one line, or `${` then `}`; found with index scans, never a backtracking
 * pattern (`/\{\{.*\}\}/` takes quadratic time on a long run of `{`).
 */
export function isPlaceholder(value: string): boolean {
  const dollar = value.indexOf('${');
  if (dollar >= 0 && value.indexOf('}', dollar + 2) >= 0) return true;
  for (let open = value.indexOf('{{'); open >= 0; ) {
    const lineEnd = value.indexOf('\n', open);
    const close = value.indexOf('}}', open + 2);
    if (close >= 0 && (lineEnd < 0 || close < lineEnd)) return true;
    if (lineEnd < 0) return false;
    open = value.indexOf('{{', lineEnd);
  }
  return false;
}

/** Why `value` is not a DNS-1123 label, or null when it is one. */
export function dnsLabelProblem(value: string): string | null {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!DNS1123_LABEL.test(value)) {
    return "must consist of lower case letters, digits and '-', and start and end with a letter or digit";
  }
  return null;
}

/** Why `value` is not a DNS-1123 subdomain, or null. `prefix`: a generateName, which may end in '-'. */
export function dnsSubdomainProblem(value: string, prefix = false, maxLength = 253): string | null {
  if (value.length > maxLength) return `must be no more than ${maxLength} characters`;
  // NameIsDNSSubdomain(name, prefix) masks a trailing '-' of a generateName (maskTrailingDash).
  const v = prefix && value.length > 1 && value.endsWith('-') ? value.slice(0, -1) + 'a' : value;
  if (!DNS1123_SUBDOMAIN.test(v)) {
    return "must consist of lower case letters, digits, '-' and '.', and start and end with a letter or digit";
  }
  return null;
}

/** Why `value` is not an IANA_SVC_NAME (a port name), or null (IsValidPortName). */
export function portNameProblem(value: string): string | null {
  if (value.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(value)) return "must contain only lower case letters, digits and '-'";
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  if (value.includes('--')) return 'must not contain consecutive hyphens';
  if (value.startsWith('-') || value.endsWith('-')) return 'must not begin or end with a hyphen';
  return null;
}

/**
 * Why `value` is not a key of a ConfigMap's or a Secret's data, or null (IsConfigMapKey: at most 253
 * characters of letters, digits, '-', '_' and '.', and not '.', '..' or starting with '..', which
 * would leave the volume the keys become files in).
 */
export function configKeyProblem(value: string): string | null {
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!/^[-._a-zA-Z0-9]+$/.test(value)) return "must consist of letters, digits, '-', '_' and '.'";
  if (value === '.' || value === '..') return `must not be '${value}'`;
  if (value.startsWith('..')) return "must not start with '..'";
  return null;
}

/** A lower-case DNS-1123 label made from `value` (for a rename fix), or null when none can be made. */
export function toDnsLabel(value: string): string | null {
  const s = value
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return s && !dnsLabelProblem(s) ? s : null;
}

export function isPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/** The string at a key, or undefined when absent or not a string. */
export function str(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' ? v : undefined;
}

/** The number at a key, or undefined when absent or not a number. */
export function num(obj: Record<string, unknown>, key: string): number | undefined {
  const v = obj[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Present with a non-null value: how the API server's decoding tells a set pointer field. */
export function isSet(obj: Record<string, unknown>, key: string): boolean {
  // Only field names are asked for, none of which is on Object.prototype, so no own-property test.
  const v = obj[key];
  return v !== undefined && v !== null;
}

/** The mapping at a key, or null when absent or not a mapping. */
export function objAt(obj: Record<string, unknown>, key: string): Record<string, unknown> | null {
  const v = obj[key];
  return isObject(v) ? v : null;
}

/** The candidate closest to `value` when it is a likely typo of it (bounded: see suggest.ts). */
export { closest } from '../../suggest';

/** The containers whose probes and lifecycle the API server validates: regular ones and sidecars. */
export function probedContainers(ctx: Pick<PodContext, 'spec' | 'at'>): ContainerView[] {
  return containersOf(ctx, ['initContainers', 'containers']).filter((c) => c.runsWithApp);
}

/** `'a'` quoted for a message, shortened when long (quote.ts). */
export { quote as q } from '../../quote';

/** Minor version of the configured Kubernetes version (`1.33` → 33), or a large number when unknown. */
export function minor(version: string): number {
  const m = /^v?1\.(\d+)/.exec(version);
  return m ? Number(m[1]) : 999;
}
