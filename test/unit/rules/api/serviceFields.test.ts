// Services: one intended rejection per manifest, each checked against the function of
// pkg/apis/core/validation/validation.go named beside it, plus real-looking valid Services (a
// ClusterIP web front, a headless StatefulSet Service, NodePort, LoadBalancer with Local traffic,
// ExternalName, dual-stack) that must get no error.
import { strict as assert } from 'node:assert';
import { test } from 'node:test';
import { analyze } from '../../../../analysis/src/analyze';
import { API_RULES } from '../../../../analysis/src/rules/api';
import { applyAndRecheck, at, fixNamed, problemsOf, single } from './helpers';

const API_IDS = new Set(API_RULES.map((r) => r.id));
const RULE = 'service-fields';

function service(spec: string, name = 'web'): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  labels:\n    app.kubernetes.io/name: ${name}\nspec:\n  selector:\n    app: web\n${spec}`;
}

const ONE_PORT = '  ports:\n  - name: http\n    port: 80\n    targetPort: http\n';

type Case = [string, string, string, string, RegExp, string?];

const REJECTED: Case[] = [
  ['validateServicePort IsValidPortNum', service('  ports:\n  - port: 70000\n'), 'spec.ports[0].port', '70000', /port 70000 is not a valid port number: it must be between 1 and 65535, inclusive/],
  ['ValidatePortNumOrName name', service('  ports:\n  - port: 80\n    targetPort: http_port\n'), 'spec.ports[0].targetPort', 'http_port', /targetPort 'http_port' is neither a port number nor a valid port name/],
  ['ValidatePortNumOrName long name', service('  ports:\n  - port: 80\n    targetPort: prometheus-metrics\n'), 'spec.ports[0].targetPort', 'prometheus-metrics', /no more than 15 characters/],
  ['ValidatePortNumOrName number', service('  ports:\n  - port: 80\n    targetPort: 65536\n'), 'spec.ports[0].targetPort', '65536', /between 1 and 65535/],
  ['ValidateService ports required', service('  type: ClusterIP\n'), 'spec.ports', 'spec', /at least one port/],
  ['validateServicePort name required', service('  ports:\n  - name: http\n    port: 80\n  - port: 443\n'), 'spec.ports[1].name', 'port: 443', /needs a name on each port/],
  ['validateServicePort DNS-1123 name', service('  ports:\n  - name: HTTP\n    port: 80\n'), 'spec.ports[0].name', 'HTTP', /not a valid DNS-1123 label/],
  ['validateServicePort duplicate name', service('  ports:\n  - name: http\n    port: 80\n  - name: http\n    port: 8080\n'), 'spec.ports[1].name', 'http', /Duplicate port name 'http'/],
  ['ValidateService duplicate port', service('  ports:\n  - name: a\n    port: 80\n  - name: b\n    port: 80\n    targetPort: 8080\n'), 'spec.ports[1]', '80', /Duplicate port 80\/TCP/],
  ['ValidateService nodePort with ClusterIP', service('  ports:\n  - port: 80\n    nodePort: 30080\n'), 'spec.ports[0].nodePort', '30080', /may not be used when type is 'ClusterIP'/],
  ['ValidateService duplicate nodePort', service('  type: NodePort\n  ports:\n  - name: a\n    port: 80\n    nodePort: 30080\n  - name: b\n    port: 81\n    nodePort: 30080\n'), 'spec.ports[1].nodePort', '30080', /Duplicate nodePort 30080\/TCP/],
  ['ValidateService headless NodePort', service(`  type: NodePort\n  clusterIP: None\n${ONE_PORT}`), 'spec.clusterIPs[0]', 'None', /may not be set to 'None' for NodePort services/],
  ['ValidateService clusterIP', service(`  clusterIP: 10.96.0.300\n${ONE_PORT}`), 'spec.clusterIP', '10.96.0.300', /must be empty, 'None', or a valid IP address/],
  ['ValidateServiceClusterIPsRelatedFields first value', service(`  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.11]\n${ONE_PORT}`), 'spec.clusterIPs', '10.96.0.11', /must match clusterIP/],
  ['ValidateServiceClusterIPsRelatedFields families', service(`  ipFamilyPolicy: SingleStack\n  ipFamilies: [IPv4, IPv6]\n${ONE_PORT}`), 'spec.ipFamilyPolicy', 'SingleStack', /'RequireDualStack' or 'PreferDualStack' when multiple IP families/],
  ['ValidateServiceClusterIPsRelatedFields duplicate family', service(`  ipFamilyPolicy: RequireDualStack\n  ipFamilies: [IPv4, IPv4]\n${ONE_PORT}`), 'spec.ipFamilies[1]', 'IPv4', /Duplicate IP family/],
  ['ValidateServiceClusterIPsRelatedFields order', service(`  ipFamilies: [IPv6]\n  clusterIPs: [10.96.0.10]\n${ONE_PORT}`), 'spec.clusterIPs[0]', '10.96.0.10', /Expected an IPv6 address/],
  ['ValidateService ExternalName', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db_primary.example.com\n', 'spec.externalName', 'db_primary.example.com', /not a valid DNS name/],
  ['ValidateService ExternalName clusterIP', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: db\nspec:\n  type: ExternalName\n  externalName: db.example.com\n  clusterIP: 10.96.0.10\n', 'spec.clusterIPs', 'clusterIP', /may not be set for ExternalName services/],
  ['ValidateService session affinity None', service(`${ONE_PORT}  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 600\n`), 'spec.sessionAffinityConfig', 'sessionAffinityConfig', /must not be set when sessionAffinity is None/],
  ['validateClientIPAffinityConfig', service(`${ONE_PORT}  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 172800\n`), 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', '172800', /greater than 0 and at most 86400/],
  ['validateServiceExternalTrafficPolicy', service(`${ONE_PORT}  externalTrafficPolicy: Local\n`), 'spec.externalTrafficPolicy', 'Local', /may only be set for externally-accessible services/],
  ['ValidateService loadBalancerSourceRanges', service(`  type: NodePort\n${ONE_PORT}  loadBalancerSourceRanges: [10.0.0.0/8]\n`), 'spec.loadBalancerSourceRanges', 'loadBalancerSourceRanges', /only be used when type is 'LoadBalancer'/],
];

test('services: each intended rejection at the API server path, once', () => {
  for (const [fn, text, path, covered, message] of REJECTED) {
    const p = single(text, RULE);
    assert.equal(p.path, path, fn);
    assert.equal(p.severity, 'error', fn);
    assert.equal(at(text, p), covered, fn);
    assert.match(p.message, message, fn);
  }
});

const VALID: string[] = [
  service('  type: ClusterIP\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n    protocol: TCP\n    appProtocol: kubernetes.io/h2c\n  - name: metrics\n    port: 9090\n    targetPort: metrics\n'),
  service('  clusterIP: None\n  publishNotReadyAddresses: true\n'),
  service('  clusterIP: None\n  clusterIPs: [None]\n  ports:\n  - port: 5432\n    targetPort: 0\n'),
  service('  type: NodePort\n  ports:\n  - name: http\n    port: 80\n    nodePort: 30080\n  - name: dns\n    port: 53\n    protocol: UDP\n    nodePort: 30053\n  - name: dns-tcp\n    port: 53\n    protocol: TCP\n    nodePort: 30053\n'),
  service('  type: LoadBalancer\n  externalTrafficPolicy: Local\n  healthCheckNodePort: 32000\n  loadBalancerSourceRanges: [203.0.113.0/24]\n  allocateLoadBalancerNodePorts: false\n  ports:\n  - port: 443\n    targetPort: https\n'),
  service('  externalIPs: [198.51.100.7]\n  externalTrafficPolicy: Cluster\n  ports:\n  - port: 80\n'),
  service('  sessionAffinity: ClientIP\n  sessionAffinityConfig:\n    clientIP:\n      timeoutSeconds: 10800\n  ports:\n  - port: 80\n'),
  service('  ipFamilyPolicy: PreferDualStack\n  ipFamilies: [IPv4, IPv6]\n  clusterIP: 10.96.0.10\n  clusterIPs: [10.96.0.10, "fd00::a"]\n  ports:\n  - port: 80\n'),
  'apiVersion: v1\nkind: Service\nmetadata:\n  name: legacy-db\nspec:\n  type: ExternalName\n  externalName: db.prod.example.com.\n  ports:\n  - port: 5432\n',
];

test('services: real-looking valid Services get no error', () => {
  for (const text of VALID) {
    const errors = analyze(text).problems.filter((p) => p.severity === 'error' && (API_IDS.has(p.rule) || p.rule.startsWith('schema')));
    assert.deepEqual(errors.map((p) => `${p.rule} ${p.path}: ${p.message}`), [], text);
  }
});

test('a nodePort outside the default range is a warning; a field the type does not take has a removal fix', () => {
  const text = service('  type: NodePort\n  ports:\n  - port: 80\n    nodePort: 8080\n');
  const p = single(text, RULE);
  assert.equal(p.severity, 'warning');
  assert.equal(p.path, 'spec.ports[0].nodePort');
  const etp = service(`${ONE_PORT}  externalTrafficPolicy: Local\n`);
  applyAndRecheck(etp, fixNamed(single(etp, RULE), 'Remove externalTrafficPolicy'), RULE);
});

test('the Service name is a DNS-1035 label: a letter first', () => {
  const text = service(ONE_PORT, '2048-game');
  const p = single(text, 'invalid-name');
  assert.equal(p.path, 'metadata.name');
  assert.equal(at(text, p), '2048-game');
  assert.match(p.message, /not a valid DNS-1035 label/);
  assert.deepEqual(problemsOf(service(ONE_PORT, 'game-2048'), 'invalid-name'), []);
});

test("a Service's selector and a ConfigMap's labels are label maps (ValidateService, ValidateObjectMeta → ValidateLabels)", () => {
  const text = service(ONE_PORT).replace('    app: web\n', '    app: web server\n');
  const p = single(text, 'invalid-label');
  assert.equal(p.path, 'spec.selector[app]');
  assert.equal(at(text, p), 'web server');
  const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    -tier: web\ndata: {}\n';
  assert.equal(single(cm, 'invalid-label').path, 'metadata.labels[-tier]');
});

test('trafficDistribution: PreferClose everywhere, PreferSameZone and PreferSameNode from 1.34 (validateServiceTrafficDistribution)', () => {
  const text = service(`  trafficDistribution: PreferSameNode\n${ONE_PORT}`);
  for (const version of ['1.31', '1.33']) {
    const p = single(text, RULE, { kubernetesVersion: version });
    assert.equal(p.path, 'spec.trafficDistribution');
    assert.equal(at(text, p), 'PreferSameNode');
    assert.match(p.message, /supported values: PreferClose \(PreferSameNode is accepted from Kubernetes 1\.34\)/);
  }
  assert.deepEqual(problemsOf(text, RULE, { kubernetesVersion: '1.35' }), []);
  assert.deepEqual(problemsOf(text.replace('PreferSameNode', 'PreferClose'), RULE, { kubernetesVersion: '1.31' }), []);
  const typo = service(`  trafficDistribution: preferClose\n${ONE_PORT}`);
  applyAndRecheck(typo, fixNamed(single(typo, RULE), "Change to 'PreferClose'"), RULE);
});
