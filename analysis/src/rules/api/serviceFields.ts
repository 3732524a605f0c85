// A Service's spec as pkg/apis/core/validation/validation.go validates it on create (ValidateService,
// ValidateServiceClusterIPsRelatedFields, validateClientIPAffinityConfig,
// validateServiceExternalTrafficPolicy), after defaulting (type ClusterIP, sessionAffinity None) and
// the create strategy (pkg/registry/core/service/strategy.go: clusterIPs[0] taken from clusterIP):
// - ports: servicePorts.ts;
// - `clusterIP: None` (headless) not with type NodePort or LoadBalancer, reported at
//   spec.clusterIPs[0]; clusterIP empty, None or an IP; clusterIPs at most 2, 'None' only alone, its
//   first value the clusterIP, one per IP family and in the order of ipFamilies;
// - ipFamilies at most 2 and without duplicates; ipFamilyPolicy SingleStack not with two;
// - ExternalName: externalName required and a DNS-1123 subdomain (a trailing dot allowed); no
//   clusterIP, ipFamilies or ipFamilyPolicy;
// - sessionAffinityConfig only with sessionAffinity ClientIP; its timeoutSeconds 1–86400;
// - externalTrafficPolicy only for an externally-accessible Service (NodePort, LoadBalancer, or
//   ClusterIP with externalIPs); loadBalancerSourceRanges and allocateLoadBalancerNodePorts only with
//   LoadBalancer; externalIPs valid IP addresses;
// - trafficDistribution (validateServiceTrafficDistribution): PreferClose; from 1.34 on, where the
//   PreferSameTrafficDistribution feature is beta and on, also PreferSameZone and PreferSameNode.
// The enums (type, protocol, sessionAffinity, ipFamilies, ipFamilyPolicy, traffic policies) are the
// schema's; the Service's name is invalid-name's.
import { isIP } from 'node:net';
import type { ObjectContext, PodRule } from '../../rule';
import { objectOf, specOf } from './objectFields';
import { checkServicePorts } from './servicePorts';
import { closest, dnsSubdomainProblem, isObject, isPlaceholder, isSet, listOf, minor, num, q, str } from './support';
import { removeKey, replaceScalar } from './edits';

export const ID = 'service-fields';

const MAX_AFFINITY_TIMEOUT = 86400;

function strings(v: unknown): string[] {
  return listOf(v).filter((x): x is string => typeof x === 'string');
}

function family(ip: string): 'IPv4' | 'IPv6' | null {
  const v = isIP(ip);
  return v === 4 ? 'IPv4' : v === 6 ? 'IPv6' : null;
}

function checkExternalName(ctx: ObjectContext, spec: Record<string, unknown>): void {
  for (const key of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) {
    const v = spec[key];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    const edit = removeKey(ctx, ['spec', key]);
    ctx.report({
      path: ['spec', key],
      apiPath: ['spec', key === 'clusterIP' ? 'clusterIPs' : key],
      anchor: 'key',
      message: `${key} may not be set for ExternalName services.`,
      fixes: edit ? [{ title: `Remove ${key}`, edits: [edit], preferred: true }] : undefined,
    });
  }
  const name = spec.externalName;
  const cname = typeof name === 'string' ? name.replace(/\.$/, '') : '';
  if (typeof name === 'string' && isPlaceholder(name)) return;
  if (cname === '') {
    ctx.report({ path: typeof name === 'string' ? ['spec', 'externalName'] : ['spec', 'type'], apiPath: ['spec', 'externalName'], message: 'An ExternalName Service needs externalName: the DNS name it points to.' });
    return;
  }
  const problem = dnsSubdomainProblem(cname);
  if (problem) ctx.report({ path: ['spec', 'externalName'], message: `externalName ${q(name)} is not a valid DNS name: it ${problem}.` });
}

function checkClusterIPs(ctx: ObjectContext, spec: Record<string, unknown>, type: string): void {
  const clusterIP = str(spec, 'clusterIP') ?? '';
  const ips = strings(spec.clusterIPs);
  const families = strings(spec.ipFamilies);
  const first = ips[0] ?? clusterIP;
  const headless = first === 'None';
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    ctx.report({
      path: ips.length ? ['spec', 'clusterIPs', 0] : ['spec', 'clusterIP'],
      apiPath: ['spec', 'clusterIPs', 0],
      message: `clusterIP may not be set to 'None' for ${type} services.`,
    });
  }
  if (clusterIP !== '' && clusterIP !== 'None' && !isPlaceholder(clusterIP) && !family(clusterIP)) {
    ctx.report({ path: ['spec', 'clusterIP'], message: `clusterIP ${q(clusterIP)} must be empty, 'None', or a valid IP address.` });
  }
  if (clusterIP !== '' && ips.length > 0 && ips[0] !== clusterIP) {
    ctx.report({ path: ['spec', 'clusterIPs', 0], apiPath: ['spec', 'clusterIPs'], message: `The first value of clusterIPs must match clusterIP (${q(clusterIP)}).` });
  }
  let invalid = false;
  ips.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (ips.length > 1) {
        invalid = true;
        ctx.report({ path: ['spec', 'clusterIPs'], anchor: 'key', message: "'None' must be the first and only value of clusterIPs." });
      }
      return;
    }
    if (isPlaceholder(ip)) {
      invalid = true;
    } else if (!family(ip)) {
      invalid = true;
      ctx.report({ path: ['spec', 'clusterIPs', i], message: `${q(ip)} is not a valid IP address.` });
    }
  });
  if (ips.length > 2) ctx.report({ path: ['spec', 'clusterIPs'], anchor: 'key', message: 'clusterIPs may only hold up to 2 values.' });
  if (families.length > 2) ctx.report({ path: ['spec', 'ipFamilies'], anchor: 'key', message: 'ipFamilies may only hold up to 2 values.' });
  families.forEach((f, i) => {
    if (families.indexOf(f) < i) ctx.report({ path: ['spec', 'ipFamilies', i], message: `Duplicate IP family ${q(f)}: a dual-stack Service lists IPv4 and IPv6 once each.` });
  });
  if (spec.ipFamilyPolicy === 'SingleStack') {
    const what = ips.length > 1 ? 'multiple cluster IPs are' : families.length > 1 ? 'multiple IP families are' : null;
    if (what) ctx.report({ path: ['spec', 'ipFamilyPolicy'], message: `ipFamilyPolicy must be 'RequireDualStack' or 'PreferDualStack' when ${what} specified.` });
  }
  if (invalid || headless) return;
  // ValidateServiceClusterIPsRelatedFields: each IP in the family ipFamilies names at its index, and
  // two IPs of two families.
  ips.forEach((ip, i) => {
    const f = family(ip);
    if (i < families.length && f && f !== families[i]) {
      ctx.report({ path: ['spec', 'clusterIPs', i], message: `Expected an ${families[i]} address, as ipFamilies[${i}] says, not ${q(ip)}.` });
    }
  });
  if (ips.length === 2 && family(ips[0]) === family(ips[1])) {
    ctx.report({ path: ['spec', 'clusterIPs', 1], message: 'clusterIPs may hold no more than one IP for each IP family.' });
  }
}

function checkAffinity(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const affinity = str(spec, 'sessionAffinity') || 'None';
  const config = spec.sessionAffinityConfig;
  if (!isSet(spec, 'sessionAffinityConfig')) return;
  if (affinity === 'None') {
    const edit = removeKey(ctx, ['spec', 'sessionAffinityConfig']);
    ctx.report({
      path: ['spec', 'sessionAffinityConfig'],
      anchor: 'key',
      message: 'sessionAffinityConfig must not be set when sessionAffinity is None (the default): set sessionAffinity: ClientIP, or remove it.',
      fixes: edit ? [{ title: 'Remove sessionAffinityConfig', edits: [edit] }] : undefined,
    });
    return;
  }
  if (affinity !== 'ClientIP' || !isObject(config) || !isObject(config.clientIP)) return;
  const timeout = num(config.clientIP, 'timeoutSeconds');
  if (timeout !== undefined && (timeout <= 0 || timeout > MAX_AFFINITY_TIMEOUT)) {
    ctx.report({
      path: ['spec', 'sessionAffinityConfig', 'clientIP', 'timeoutSeconds'],
      message: `timeoutSeconds must be greater than 0 and at most ${MAX_AFFINITY_TIMEOUT} (a day), not ${timeout}.`,
    });
  }
}

function checkTypeDependent(ctx: ObjectContext, spec: Record<string, unknown>, type: string): void {
  const externalIPs = strings(spec.externalIPs);
  const external = type === 'NodePort' || type === 'LoadBalancer' || (type === 'ClusterIP' && externalIPs.length > 0);
  const remove = (key: string) => {
    const edit = removeKey(ctx, ['spec', key]);
    return edit ? [{ title: `Remove ${key}`, edits: [edit] }] : undefined;
  };
  if (!external && isSet(spec, 'externalTrafficPolicy') && spec.externalTrafficPolicy !== '') {
    ctx.report({ path: ['spec', 'externalTrafficPolicy'], message: `externalTrafficPolicy may only be set for externally-accessible services (NodePort, LoadBalancer, or with externalIPs), not a ${type} one.`, fixes: remove('externalTrafficPolicy') });
  }
  if (type !== 'LoadBalancer') {
    if (listOf(spec.loadBalancerSourceRanges).length > 0) {
      ctx.report({ path: ['spec', 'loadBalancerSourceRanges'], anchor: 'key', message: "loadBalancerSourceRanges may only be used when type is 'LoadBalancer'.", fixes: remove('loadBalancerSourceRanges') });
    }
    if (isSet(spec, 'allocateLoadBalancerNodePorts')) {
      ctx.report({ path: ['spec', 'allocateLoadBalancerNodePorts'], anchor: 'key', message: "allocateLoadBalancerNodePorts may only be used when type is 'LoadBalancer'.", fixes: remove('allocateLoadBalancerNodePorts') });
    }
  }
  const healthCheck = num(spec, 'healthCheckNodePort');
  if (healthCheck !== undefined && healthCheck !== 0 && !(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
    ctx.report({ path: ['spec', 'healthCheckNodePort'], message: "healthCheckNodePort may only be set when type is 'LoadBalancer' and externalTrafficPolicy is 'Local'." });
  }
  externalIPs.forEach((ip, i) => {
    if (!isPlaceholder(ip) && !family(ip)) ctx.report({ path: ['spec', 'externalIPs', i], message: `externalIPs ${q(ip)} is not a valid IP address.` });
  });
}

function checkTrafficDistribution(ctx: ObjectContext, spec: Record<string, unknown>): void {
  const value = spec.trafficDistribution;
  if (typeof value !== 'string' || isPlaceholder(value)) return;
  const supported = minor(ctx.kubernetesVersion) >= 34 ? ['PreferClose', 'PreferSameZone', 'PreferSameNode'] : ['PreferClose'];
  if (supported.includes(value)) return;
  const meant = closest(value, supported);
  const edit = meant ? replaceScalar(ctx, ['spec', 'trafficDistribution'], meant) : null;
  const since = ['PreferSameZone', 'PreferSameNode'].includes(value) ? ` (${value} is accepted from Kubernetes 1.34)` : '';
  ctx.report({
    path: ['spec', 'trafficDistribution'],
    message: `Unsupported trafficDistribution ${q(value)} in Kubernetes ${ctx.kubernetesVersion}: supported values: ${supported.join(', ')}${since}.`,
    fixes: edit && meant ? [{ title: `Change to '${meant}'`, edits: [edit], preferred: true }] : undefined,
  });
}

function checkObject(ctx: ObjectContext): void {
  const spec = objectOf(ctx, 'v1', ['Service']) ? specOf(ctx.value) : null;
  if (!spec) return;
  const type = str(spec, 'type') || 'ClusterIP';
  const headless = (strings(spec.clusterIPs)[0] ?? str(spec, 'clusterIP')) === 'None';
  checkServicePorts(ctx, spec, type, headless);
  if (type === 'ExternalName') checkExternalName(ctx, spec);
  else checkClusterIPs(ctx, spec, type);
  checkAffinity(ctx, spec);
  checkTypeDependent(ctx, spec, type);
  checkTrafficDistribution(ctx, spec);
}

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: "A Service's ports, target ports, node ports, cluster IPs, IP families, ExternalName, session affinity, traffic distribution or type-dependent fields that the API server rejects.",
  checkObject,
  check: () => undefined,
};
