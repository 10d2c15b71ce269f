import { TerraformStack, TerraformVariable } from 'cdktf';
import { planFindings, synthFindings } from './helpers';
import { illumio } from '../../src';

const RESOLVE = { providers: ['workloads'], consumers: ['workloads'] };

/** A rule set with one rule from `consumers` to `services` (web tier providers). */
function ruleFrom(
  stack: TerraformStack,
  consumers: illumio.SecurityRuleConsumers[],
  services: illumio.SecurityRuleIngressServices[],
  extra: Partial<illumio.SecurityRuleConfig> = {},
) {
  const web = new illumio.Label(stack, 'web', { key: 'role', value: 'web' });
  const ruleSet = new illumio.RuleSet(stack, 'rs', { name: 'shop', scopes: [{ label: [{ href: web.href }] }] });
  return new illumio.SecurityRule(stack, 'rule', {
    ruleSetHref: ruleSet.href, resolveLabelsAs: RESOLVE, providers: [{ label: web.href }], consumers, ingressServices: services, ...extra,
  });
}

describe('illumio-any-ip-to-all-services', () => {
  const id = 'illumio-any-ip-to-all-services';

  test('flags a 0.0.0.0/0 IP list reaching every TCP port, directly or through a service', () => {
    expect(synthFindings(id, stack => {
      const internet = new illumio.IpList(stack, 'internet', { name: 'internet', ipRanges: [{ fromIp: '0.0.0.0/0' }] });
      ruleFrom(stack, [{ ipList: internet.href }], [{ proto: 6 }]);
    })).toEqual(['secops_illumio_security_rule.rule: Consumers IP list "internet" (every address) may reach every TCP port of the providers.']);
    expect(synthFindings(id, stack => {
      const internet = new illumio.IpList(stack, 'internet', { name: 'internet', ipRanges: [{ fromIp: '::/0' }] });
      const anyTcp = new illumio.Service(stack, 'tcp', { name: 'all tcp', servicePorts: [{ proto: 6, port: 0, toPort: 65535 }] });
      ruleFrom(stack, [{ ipList: internet.href }], [{ href: anyTcp.href }]);
    })).toEqual(['secops_illumio_security_rule.rule: Consumers IP list "internet" (every address) may reach every TCP port (service "all tcp") of the providers.']);
  });

  test('flags the PCE\'s "Any" IP list and "All Services" read as data sources, and unscoped All Workloads', () => {
    expect(synthFindings(id, stack => {
      const any = new illumio.DataIpList(stack, 'any', { name: 'Any (0.0.0.0/0 and ::/0)' });
      const all = new illumio.DataService(stack, 'all', { name: 'All Services' });
      ruleFrom(stack, [{ ipList: any.href }], [{ href: all.href }]);
    })).toEqual(['secops_illumio_security_rule.rule: Consumers IP list "Any (0.0.0.0/0 and ::/0)" (every address) may reach service "All Services" of the providers.']);
    expect(synthFindings(id, stack => {
      ruleFrom(stack, [{ actors: 'ams' }], [{ proto: 17 }], { unscopedConsumers: true });
    })).toEqual(['secops_illumio_security_rule.rule: Consumers all workloads of every scope (unscoped "All Workloads") may reach every UDP port of the providers.']);
  });

  test('passes narrow consumers, or any IP to one port, or All Workloads of the scope', () => {
    expect(synthFindings(id, stack => {
      const office = new illumio.IpList(stack, 'office', { name: 'office', ipRanges: [{ fromIp: '10.0.0.0/8' }] });
      ruleFrom(stack, [{ ipList: office.href }], [{ proto: 6 }]);
    })).toEqual([]);
    expect(synthFindings(id, stack => {
      const internet = new illumio.IpList(stack, 'internet', { name: 'internet', ipRanges: [{ fromIp: '0.0.0.0/0' }] });
      ruleFrom(stack, [{ ipList: internet.href }], [{ proto: 6, port: 443 }]);
    })).toEqual([]);
    expect(synthFindings(id, stack => { ruleFrom(stack, [{ actors: 'ams' }], [{ proto: 6 }]); })).toEqual([]);
  });

  test('an IP list whose ranges are unknown, or outside the stack, is not a finding', () => {
    expect(synthFindings(id, stack => {
      const cidr = new TerraformVariable(stack, 'cidr', { type: 'string' });
      const list = new illumio.IpList(stack, 'from-var', { name: 'from var', ipRanges: [{ fromIp: cidr.stringValue }] });
      ruleFrom(stack, [{ ipList: list.href }, { ipList: '/orgs/1/sec_policy/draft/ip_lists/99' }], [{ proto: 6 }]);
    })).toEqual([]);
  });

  test('in a plan, follows the configuration\'s reference to an IP list created in the same plan', () => {
    const internet = {
      address: 'secops_illumio_ip_list.internet',
      actions: ['create'],
      after: { name: 'internet', ip_ranges: [{ from_ip: '0.0.0.0/0', exclusion: false }] },
      afterUnknown: { href: true },
    };
    const rule = {
      address: 'secops_illumio_security_rule.rule',
      actions: ['create'],
      after: {
        consumers: [{ actors: null, label: null }],
        ingress_services: [{ href: null, proto: 6, port: null, to_port: null }],
        unscoped_consumers: false,
      },
      afterUnknown: { consumers: [{ ip_list: true }], href: true },
      expressions: { consumers: [{ ip_list: { references: ['secops_illumio_ip_list.internet.href', 'secops_illumio_ip_list.internet'] } }], ingress_services: [{ proto: { constant_value: 6 } }] },
    };
    expect(planFindings(id, internet, rule)).toEqual(['secops_illumio_security_rule.rule: Consumers IP list "internet" (every address) may reach every TCP port of the providers.']);
    // Without the configuration the unknown stays unknown: no finding.
    expect(planFindings(id, internet, { ...rule, expressions: undefined })).toEqual([]);
  });
});

describe('illumio-admin-port-from-any-ip', () => {
  const id = 'illumio-admin-port-from-any-ip';

  test('flags SSH and RDP open to every address', () => {
    expect(synthFindings(id, stack => {
      const internet = new illumio.IpList(stack, 'internet', { name: 'internet', ipRanges: [{ fromIp: '0.0.0.0', toIp: '255.255.255.255' }] });
      const rdp = new illumio.Service(stack, 'rdp', { name: 'rdp', servicePorts: [{ proto: 6, port: 3389 }] });
      ruleFrom(stack, [{ ipList: internet.href }], [{ proto: 6, port: 20, toPort: 25 }, { href: rdp.href }]);
    })).toEqual(['secops_illumio_security_rule.rule: Consumers IP list "internet" (every address) may reach SSH (22), Telnet (23), RDP (3389) on the providers.']);
  });

  test('passes SSH from a narrow list, and HTTPS from everywhere', () => {
    expect(synthFindings(id, stack => {
      const admins = new illumio.IpList(stack, 'admins', { name: 'admins', ipRanges: [{ fromIp: '10.9.0.0/24' }] });
      ruleFrom(stack, [{ ipList: admins.href }], [{ proto: 6, port: 22 }]);
    })).toEqual([]);
    expect(synthFindings(id, stack => {
      const internet = new illumio.IpList(stack, 'internet', { name: 'internet', ipRanges: [{ fromIp: '0.0.0.0/0' }] });
      ruleFrom(stack, [{ ipList: internet.href }], [{ proto: 6, port: 443 }]);
    })).toEqual([]);
  });
});

describe('illumio-scope-matches-nothing', () => {
  const id = 'illumio-scope-matches-nothing';

  test('flags two labels of one key, an empty label group, and a label both required and excluded', () => {
    expect(synthFindings(id, stack => {
      const prod = new illumio.Label(stack, 'prod', { key: 'env', value: 'prod' });
      const dev = new illumio.Label(stack, 'dev', { key: 'env', value: 'dev' });
      const none = new illumio.LabelGroup(stack, 'none', { key: 'role', name: 'nobody' });
      new illumio.RuleSet(stack, 'rs', {
        name: 'broken',
        scopes: [
          { label: [{ href: prod.href }, { href: dev.href }] },
          { labelGroup: [{ href: none.href }] },
          { label: [{ href: prod.href }, { href: prod.href, exclusion: true }] },
        ],
      });
    })).toEqual([
      'secops_illumio_rule_set.rs: Scope 1 requires label env=prod and label env=dev at once, but a workload has one "env" label.',
      'secops_illumio_rule_set.rs: Scope 2 requires label group "nobody", which has no members.',
      'secops_illumio_rule_set.rs: Scope 3 both requires and excludes label env=prod.',
    ]);
  });

  test('flags a scope on a label the plan destroys', () => {
    expect(planFindings(id,
      { address: 'secops_illumio_label.old', actions: ['delete'], before: { href: '/orgs/1/labels/4', key: 'app', value: 'old' } },
      { address: 'secops_illumio_rule_set.rs', actions: ['no-op'], before: {}, after: { name: 'rs', scopes: [{ label: [{ href: '/orgs/1/labels/4', exclusion: false }], label_group: [] }] } },
    )).toEqual(['secops_illumio_rule_set.rs: The scope references label app=old, which this plan destroys.']);
  });

  test('passes labels of different keys and a label group with members', () => {
    expect(synthFindings(id, stack => {
      const prod = new illumio.Label(stack, 'prod', { key: 'env', value: 'prod' });
      const shop = new illumio.Label(stack, 'shop', { key: 'app', value: 'shop' });
      const web = new illumio.Label(stack, 'web', { key: 'role', value: 'web' });
      const tiers = new illumio.LabelGroup(stack, 'tiers', { key: 'role', name: 'tiers', labels: [web.href] });
      new illumio.RuleSet(stack, 'rs', { name: 'fine', scopes: [{ label: [{ href: prod.href }, { href: shop.href }], labelGroup: [{ href: tiers.href }] }] });
    })).toEqual([]);
  });
});

describe('illumio-empty-label-group', () => {
  const id = 'illumio-empty-label-group';

  test('flags a group with no labels and no sub-groups', () => {
    expect(synthFindings(id, stack => { new illumio.LabelGroup(stack, 'none', { key: 'role', name: 'nobody', labels: [] }); }))
      .toEqual(['secops_illumio_label_group.none: Label group "nobody" has no members: any scope or rule using it matches no workload.']);
  });

  test('passes a group with a label, or a sub-group, or members known only at apply', () => {
    expect(synthFindings(id, stack => {
      const web = new illumio.Label(stack, 'web', { key: 'role', value: 'web' });
      const tiers = new illumio.LabelGroup(stack, 'tiers', { key: 'role', name: 'tiers', labels: [web.href] });
      new illumio.LabelGroup(stack, 'outer', { key: 'role', name: 'outer', subGroups: [tiers.href] });
      const members = new TerraformVariable(stack, 'members', { type: 'list(string)' });
      new illumio.LabelGroup(stack, 'later', { key: 'role', name: 'later', labels: members.listValue });
    })).toEqual([]);
  });
});

describe('illumio-rule-set-disabled', () => {
  const id = 'illumio-rule-set-disabled';

  test('flags a disabled rule set', () => {
    expect(synthFindings(id, stack => { new illumio.RuleSet(stack, 'rs', { name: 'old', enabled: false, scopes: [{}] }); }))
      .toEqual(['secops_illumio_rule_set.rs: Rule set "old" is disabled: none of its rules apply once provisioned.']);
  });

  test('passes an enabled rule set (explicitly or by default)', () => {
    expect(synthFindings(id, stack => {
      new illumio.RuleSet(stack, 'a', { name: 'a', enabled: true, scopes: [{}] });
      new illumio.RuleSet(stack, 'b', { name: 'b', scopes: [{}] });
    })).toEqual([]);
  });
});

describe('illumio-security-rule-disabled', () => {
  const id = 'illumio-security-rule-disabled';

  test('notes a disabled rule, and passes an enabled one', () => {
    expect(synthFindings(id, stack => { ruleFrom(stack, [{ actors: 'ams' }], [{ proto: 6, port: 443 }], { enabled: false }); }))
      .toEqual(['secops_illumio_security_rule.rule: The rule is disabled: it is kept in policy but allows nothing.']);
    expect(synthFindings(id, stack => { ruleFrom(stack, [{ actors: 'ams' }], [{ proto: 6, port: 443 }]); })).toEqual([]);
  });
});

describe('illumio-rule-set-scope-all', () => {
  const id = 'illumio-rule-set-scope-all';

  test('notes an empty scope, and passes a labelled one', () => {
    expect(synthFindings(id, stack => { new illumio.RuleSet(stack, 'rs', { name: 'core', scopes: [{}] }); }))
      .toEqual(['secops_illumio_rule_set.rs: Rule set "core" has an empty scope: its rules apply to every workload in the organisation.']);
    expect(synthFindings(id, stack => {
      const shop = new illumio.Label(stack, 'shop', { key: 'app', value: 'shop' });
      new illumio.RuleSet(stack, 'rs', { name: 'shop', scopes: [{ label: [{ href: shop.href }] }] });
    })).toEqual([]);
  });
});

describe('illumio-destroy-provisioned-policy (plans only)', () => {
  const id = 'illumio-destroy-provisioned-policy';
  const ruleSet = { href: '/orgs/1/sec_policy/draft/rule_sets/3', name: 'legacy', enabled: true, scopes: [] };

  test('flags destroying and replacing provisioned policy objects', () => {
    expect(planFindings(id,
      { address: 'secops_illumio_rule_set.legacy', actions: ['delete'], before: ruleSet },
      { address: 'secops_illumio_ip_list.office', actions: ['delete', 'create'], before: { href: '/orgs/1/sec_policy/draft/ip_lists/2', name: 'office' }, after: { name: 'office' }, afterUnknown: { href: true } },
    )).toEqual([
      'secops_illumio_rule_set.legacy: Destroying rule set "legacy" provisions its deletion at once: the active policy loses it and every rule in it.',
      'secops_illumio_ip_list.office: Replacing IP list "office" deletes the enforced object first and provisions that deletion; the new one is enforced only when the stack\'s provision runs.',
    ]);
  });

  test('passes creates, updates and the destroy of a label (not policy), and never runs at synth', () => {
    expect(planFindings(id,
      { address: 'secops_illumio_rule_set.legacy', actions: ['update'], before: ruleSet, after: { ...ruleSet, name: 'renamed' } },
      { address: 'secops_illumio_label.old', actions: ['delete'], before: { href: '/orgs/1/labels/4', key: 'app', value: 'old' } },
    )).toEqual([]);
    expect(synthFindings(id, stack => { new illumio.RuleSet(stack, 'rs', { name: 'rs', scopes: [{}] }); })).toEqual([]);
  });
});

describe('illumio-rule-actor-matches-nothing', () => {
  const id = 'illumio-rule-actor-matches-nothing';

  test('flags an empty label group as provider and an IP list with no addresses as consumer', () => {
    expect(synthFindings(id, stack => {
      const none = new illumio.LabelGroup(stack, 'none', { key: 'role', name: 'nobody' });
      const empty = new illumio.IpList(stack, 'empty', { name: 'empty' });
      const ruleSet = new illumio.RuleSet(stack, 'rs', { name: 'rs', scopes: [{}] });
      new illumio.SecurityRule(stack, 'rule', {
        ruleSetHref: ruleSet.href,
        resolveLabelsAs: RESOLVE,
        providers: [{ labelGroup: none.href }],
        consumers: [{ ipList: empty.href }],
        ingressServices: [{ proto: 6, port: 443 }],
      });
    })).toEqual([
      'secops_illumio_security_rule.rule: A provider is label group "nobody", which has no members.',
      'secops_illumio_security_rule.rule: A consumer is IP list "empty", which has no members.',
    ]);
  });

  test('flags a consumer label the plan destroys', () => {
    expect(planFindings(id,
      { address: 'secops_illumio_label.old', actions: ['delete'], before: { href: '/orgs/1/labels/4', key: 'role', value: 'old' } },
      { address: 'secops_illumio_security_rule.r', actions: ['no-op'], before: {}, after: { providers: [{ actors: 'ams' }], consumers: [{ label: '/orgs/1/labels/4' }] } },
    )).toEqual(['secops_illumio_security_rule.r: A consumer is label role=old, which this plan destroys.']);
  });

  test('passes actors with members, and the built-in lists read as data sources', () => {
    expect(synthFindings(id, stack => {
      const office = new illumio.IpList(stack, 'office', { name: 'office', fqdns: [{ fqdn: 'office.example.com' }] });
      const any = new illumio.DataIpList(stack, 'any', { name: 'Any (0.0.0.0/0 and ::/0)' });
      ruleFrom(stack, [{ ipList: office.href }, { ipList: any.href }], [{ proto: 6, port: 443 }]);
    })).toEqual([]);
  });
});

describe('illumio-production-not-enforced', () => {
  const id = 'illumio-production-not-enforced';

  test('flags a production workload in visibility-only mode and a production container profile left unmanaged', () => {
    expect(synthFindings(id, stack => {
      const prod = new illumio.Label(stack, 'prod', { key: 'env', value: 'prod' });
      new illumio.Workload(stack, 'db1', { hostname: 'db1', labels: [prod.href], enforcementMode: 'illuminated' });
      const cluster = new illumio.ContainerCluster(stack, 'k8s', { name: 'k8s' });
      new illumio.ContainerWorkloadProfile(stack, 'payments', { containerClusterHref: cluster.href, name: 'payments', assignLabels: [prod.href], mode: 'unmanaged' });
    })).toEqual([
      'secops_illumio_workload.db1: Workload with label env=prod is in "illuminated" mode: policy is not enforced on it.',
      'secops_illumio_container_workload_profile.payments: Container workload profile with label env=prod is in "unmanaged" mode: policy is not enforced on it.',
    ]);
  });

  test('passes enforced production, idle staging, and labels or modes it cannot know', () => {
    expect(synthFindings(id, stack => {
      const prod = new illumio.Label(stack, 'prod', { key: 'env', value: 'prod' });
      const staging = new illumio.Label(stack, 'staging', { key: 'env', value: 'staging' });
      new illumio.Workload(stack, 'db1', { hostname: 'db1', labels: [prod.href], enforcementMode: 'enforced' });
      new illumio.Workload(stack, 'db2', { hostname: 'db2', labels: [staging.href], enforcementMode: 'idle' });
      new illumio.Workload(stack, 'db3', { hostname: 'db3', labels: ['/orgs/1/labels/99'], enforcementMode: 'idle' });
      new illumio.Workload(stack, 'db4', { hostname: 'db4', labels: [prod.href] });
    })).toEqual([]);
  });

  test('on a plan, finds the label of a workload being switched to idle by its href', () => {
    const prod = { address: 'secops_illumio_label.prod', actions: ['no-op'], before: { href: '/orgs/1/labels/7', key: 'env', value: 'production' }, after: { href: '/orgs/1/labels/7', key: 'env', value: 'production' } };
    const workload = {
      address: 'secops_illumio_managed_workload.web',
      actions: ['update'],
      before: { labels: ['/orgs/1/labels/7'], enforcement_mode: 'enforced' },
      after: { labels: ['/orgs/1/labels/7'], enforcement_mode: 'idle' },
    };
    expect(planFindings(id, prod, workload)).toEqual([
      'secops_illumio_managed_workload.web: Managed workload with label env=production is in "idle" mode: policy is not enforced on it.',
    ]);
  });
});
