// DNS settings (validatePodDNSConfig in pkg/apis/core/validation/validation.go): dnsPolicy None needs
// dnsConfig with at least one nameserver; at most 3 nameservers, each an IP address; at most 32
// search domains; every option has a name.
import { isIP } from 'node:net';
import type { PodRule } from '../../rule';
import { isObject, listOf, objAt, q } from './support';

export const ID = 'dns-config';

export const rule: PodRule = {
  id: ID,
  category: 'api',
  defaultSeverity: 'error',
  description: 'dnsPolicy None without nameservers, more than 3 nameservers, a nameserver that is not an IP, more than 32 search domains.',
  check(ctx) {
    const dnsConfig = objAt(ctx.spec, 'dnsConfig');
    const nameservers = listOf(dnsConfig?.nameservers);
    if (ctx.spec.dnsPolicy === 'None') {
      if (!dnsConfig) {
        ctx.report({ path: ctx.at('dnsPolicy'), message: 'dnsPolicy None needs a dnsConfig with at least one nameserver: the pod gets no DNS settings otherwise.' });
      } else if (nameservers.length === 0) {
        ctx.report({ path: ctx.at('dnsConfig'), anchor: 'key', message: 'dnsPolicy None needs at least one dnsConfig.nameservers entry.', related: [{ path: ctx.at('dnsPolicy'), message: 'dnsPolicy None set here' }] });
      }
    }
    if (!dnsConfig) return;
    if (nameservers.length > 3) {
      ctx.report({ path: ctx.at('dnsConfig', 'nameservers', 3), message: `dnsConfig may list at most 3 nameservers (it lists ${nameservers.length}): the resolver ignores the rest.` });
    }
    nameservers.forEach((ns, i) => {
      if (typeof ns === 'string' && isIP(ns) === 0) ctx.report({ path: ctx.at('dnsConfig', 'nameservers', i), message: `Nameserver ${q(ns)} must be an IP address.` });
    });
    const searches = listOf(dnsConfig.searches);
    if (searches.length > 32) {
      ctx.report({ path: ctx.at('dnsConfig', 'searches', 32), message: `dnsConfig may list at most 32 search domains (it lists ${searches.length}).` });
    }
    listOf(dnsConfig.options).forEach((o, i) => {
      if (isObject(o) && (o.name === undefined || o.name === null || o.name === '')) {
        ctx.report({ path: ctx.at('dnsConfig', 'options', i), anchor: 'key', message: 'A dnsConfig option needs a name.' });
      }
    });
  },
};
