import { IllumioClient } from '../../../src/clients/illumio/client';
import { label } from '../../../src/resources/illumio/label';
import { ruleSet } from '../../../src/resources/illumio/rule-set';
import { securityRule } from '../../../src/resources/illumio/security-rule';
import { service } from '../../../src/resources/illumio/service';

const client = new IllumioClient({
  host: 'https://pce.example.com:8443', orgId: '3', apiKeyUsername: 'api_1', apiKeySecret: 'secret', insecureSkipVerify: false, requestsPerMinute: 0,
});

describe('Illumio import IDs', () => {
  test('an href of the resource\'s own collection in the configured org is taken as it is', () => {
    expect(label.importId!.normalise('/orgs/3/labels/12', client)).toEqual({ id: '/orgs/3/labels/12' });
    expect(securityRule.importId!.normalise('/orgs/3/sec_policy/draft/rule_sets/5/sec_rules/9', client))
      .toEqual({ id: '/orgs/3/sec_policy/draft/rule_sets/5/sec_rules/9' });
  });

  test('a full URL is reduced to its href', () => {
    expect(label.importId!.normalise('https://pce.example.com:8443/api/v2/orgs/3/labels/12', client)).toEqual({ id: '/orgs/3/labels/12' });
    expect(service.importId!.normalise('/api/v2/orgs/3/sec_policy/draft/services/4/', client)).toEqual({ id: '/orgs/3/sec_policy/draft/services/4' });
  });

  test('an active or numbered policy-version href of a policy object is rewritten to draft', () => {
    expect(ruleSet.importId!.normalise('/orgs/3/sec_policy/active/rule_sets/5', client)).toEqual({ id: '/orgs/3/sec_policy/draft/rule_sets/5' });
    expect(ruleSet.importId!.normalise('/orgs/3/sec_policy/17/rule_sets/5', client)).toEqual({ id: '/orgs/3/sec_policy/draft/rule_sets/5' });
    expect(securityRule.importId!.normalise('/orgs/3/sec_policy/active/rule_sets/5/sec_rules/9', client))
      .toEqual({ id: '/orgs/3/sec_policy/draft/rule_sets/5/sec_rules/9' });
  });

  test('an href of another collection, another org or no href at all is refused', () => {
    expect(label.importId!.normalise('/orgs/3/sec_policy/draft/rule_sets/5', client)).toEqual({ refused: 'is not the href of a labels object' });
    expect(service.importId!.normalise('/orgs/3/labels/12', client)).toEqual({ refused: 'is not the href of a services object' });
    expect(ruleSet.importId!.normalise('/orgs/3/sec_policy/draft/rule_sets/5/sec_rules/9', client)).toEqual({ refused: 'is not the href of a rule_sets object' });
    expect(label.importId!.normalise('/orgs/1/labels/12', client))
      .toEqual({ refused: 'belongs to org 1, but the provider is configured for org 3' });
    expect(label.importId!.normalise('12', client)).toEqual({ refused: 'is not an Illumio href (/orgs/<org>/...)' });
    expect(label.importId!.describe(client)).toBe('/orgs/3/labels/<id>');
    expect(ruleSet.importId!.describe(client)).toBe('/orgs/3/sec_policy/draft/rule_sets/<id>');
  });
});
