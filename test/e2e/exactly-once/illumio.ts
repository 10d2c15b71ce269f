import { Census, censusOf, FaultScenario } from './harness';
import { IllumioSimulator, Json, StoredPolicyObject } from '../../../src/simulators/illumio';

const RULE_SETS = 24;
const IP_LISTS = ['office', 'vpn', 'partners'];
const APPS = Array.from({ length: RULE_SETS }, (_, i) => `app-${String(i + 1).padStart(2, '0')}`);

/**
 * Illumio through faults: 25 labels (24 app labels and one role), 3 IP lists, 1 service, 24 rule
 * sets (each scoped to its app) with one rule each (the role's workloads serve the service to one
 * of the IP lists), all provisioned by `secops_illumio_provision` in the same apply. The census
 * counts labels, and the IP lists, services, rule sets and rules of draft AND active policy, by
 * content: references are described by the name or value of what they name, never by href.
 */
export function illumioScenario(): FaultScenario {
  let pce: IllumioSimulator | undefined;
  const sim = (): IllumioSimulator => pce ?? failNotStarted();
  return {
    name: 'illumio',
    async start() {
      // No rate limit of the simulator's own (env: {} keeps SECOPS_SIM_ILLUMIO_RATE_LIMIT out): only the injected 429s.
      pce = new IllumioSimulator({ env: {} });
      await pce.start();
    },
    simulators: () => [sim()],
    env: () => ({
      ILLUMIO_PCE_HOST: sim().url,
      ILLUMIO_PCE_ORG_ID: String(sim().orgId),
      ILLUMIO_API_KEY_USERNAME: sim().apiKeyUsername,
      ILLUMIO_API_KEY_SECRET: sim().apiKeySecret,
      // The provider's own budget (default 500 per minute, the PCE's) would pace the ~500 requests of a destroy through faults.
      ILLUMIO_REQUESTS_PER_MINUTE: '0',
    }),
    config,
    expected,
    census: async () => census(sim()),
    async stop() {
      await pce?.stop();
      pce = undefined;
    },
  };
}

function config(): string {
  return `
provider "secops" {}

locals {
  apps     = ${JSON.stringify(APPS)}
  ip_lists = ${JSON.stringify(IP_LISTS)}
}

resource "secops_illumio_label" "app" {
  count = length(local.apps)
  key   = "app"
  value = local.apps[count.index]
}

resource "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}

resource "secops_illumio_ip_list" "source" {
  count = length(local.ip_lists)
  name  = local.ip_lists[count.index]
  ip_ranges {
    from_ip = "10.\${count.index}.0.0/16"
  }
}

resource "secops_illumio_service" "https" {
  name = "https"
  service_ports {
    proto = 6
    port  = 443
  }
}

resource "secops_illumio_rule_set" "app" {
  count = length(local.apps)
  name  = "rs-\${local.apps[count.index]}"
  scopes {
    label {
      href = secops_illumio_label.app[count.index].href
    }
  }
}

resource "secops_illumio_security_rule" "web" {
  count         = length(local.apps)
  rule_set_href = secops_illumio_rule_set.app[count.index].href
  resolve_labels_as {
    providers = ["workloads"]
    consumers = ["workloads"]
  }
  providers {
    label = secops_illumio_label.web.href
  }
  consumers {
    ip_list = secops_illumio_ip_list.source[count.index % length(local.ip_lists)].href
  }
  ingress_services {
    href = secops_illumio_service.https.href
  }
}

resource "secops_illumio_provision" "all" {
  objects = concat(
    secops_illumio_ip_list.source,
    [secops_illumio_service.https],
    secops_illumio_rule_set.app,
    secops_illumio_security_rule.web,
  )
}
`;
}

function expected(): Census {
  const descriptions: string[] = ['label role=web', ...APPS.map((app) => `label app=${app}`)];
  for (const version of ['draft', 'active']) {
    IP_LISTS.forEach((name, i) => descriptions.push(`${version} ip_list ${name} [10.${i}.0.0/16]`));
    descriptions.push(`${version} service https [6/443]`);
    APPS.forEach((app, i) => {
      descriptions.push(`${version} rule_set rs-${app} scopes [app=${app}]`);
      descriptions.push(`${version} rule in rs-${app}: role=web <- ip_list ${IP_LISTS[i % IP_LISTS.length]} on service https`);
    });
  }
  return censusOf(descriptions);
}

/** What the PCE holds of the kinds the configuration manages, by content. */
function census(pce: IllumioSimulator): Census {
  const names = new Map<string, string>();
  for (const label of pce.labels()) names.set(pce.state.labelHref(label.id), `${label.key}=${label.value}`);
  for (const type of ['ip_lists', 'services'] as const) {
    for (const item of pce.draft(type)) names.set(pce.state.policyHref(type, item.id), `${type.replace(/s$/, '')} ${String(item.body.name)}`);
  }
  const named = (ref: unknown): string => {
    const href = String((ref as { href?: unknown } | undefined)?.href);
    return names.get(href) ?? href;
  };
  const descriptions = pce.labels().filter((label) => !label.deleted).map((label) => `label ${label.key}=${label.value}`);
  for (const version of ['draft', 'active'] as const) {
    const objects = (type: 'ip_lists' | 'services' | 'rule_sets'): readonly StoredPolicyObject[] =>
      version === 'draft' ? pce.draft(type) : pce.active(type);
    for (const list of objects('ip_lists')) {
      const ranges = ((list.body.ip_ranges ?? []) as Json[]).map((range) => String(range.from_ip));
      descriptions.push(`${version} ip_list ${String(list.body.name)} [${ranges.join(', ')}]`);
    }
    for (const service of objects('services')) {
      const ports = ((service.body.service_ports ?? []) as Json[]).map((port) => `${String(port.proto)}/${String(port.port)}`);
      descriptions.push(`${version} service ${String(service.body.name)} [${ports.join(', ')}]`);
    }
    for (const ruleSet of objects('rule_sets')) {
      const scopes = ((ruleSet.body.scopes ?? []) as Json[][]).map((scope) => scope.map((entry) => named(entry.label ?? entry.label_group)).join(' & '));
      descriptions.push(`${version} rule_set ${String(ruleSet.body.name)} scopes [${scopes.join('; ')}]`);
      for (const rule of ruleSet.rules ?? []) descriptions.push(`${version} rule in ${String(ruleSet.body.name)}: ${describeRule(rule.body, named)}`);
    }
  }
  return censusOf(descriptions);
}

function describeRule(rule: Json, named: (ref: unknown) => string): string {
  const actors = (side: string): string => ((rule[side] ?? []) as Json[])
    .map((actor) => (typeof actor.actors === 'string' ? actor.actors : named(actor.label ?? actor.ip_list ?? actor.label_group))).join(', ');
  const services = ((rule.ingress_services ?? []) as Json[]).map((service) => (service.href ? `service ${named(service).replace(/^service /, '')}` : JSON.stringify(service)));
  return `${actors('providers')} <- ${actors('consumers')} on ${services.join(', ')}`;
}

function failNotStarted(): never {
  throw new Error('the Illumio scenario was not started');
}
