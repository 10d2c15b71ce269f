import { TerraformStack, TerraformVariable } from 'cdktf';
import { planFindings, synthFindings } from './helpers';
import { nomad } from '../../src';
import { checkSelector } from '../../src/nomad/bexpr';

const rule = (stack: TerraformStack, id: string, config: Partial<nomad.AclBindingRuleConfig>) =>
  new nomad.AclBindingRule(stack, id, { authMethod: 'okta', bindType: 'role', bindName: 'engineer', ...config });

describe('nomad-management-without-selector', () => {
  const id = 'nomad-management-without-selector';

  test('flags a management rule with no selector, or an empty one', () => {
    expect(synthFindings(id, stack => {
      rule(stack, 'everyone', { bindType: 'management', bindName: undefined });
      rule(stack, 'empty', { bindType: 'management', bindName: undefined, selector: '  ' });
    })).toEqual([
      'secops_nomad_acl_binding_rule.everyone: Every identity that logs in through auth method "okta" gets a management token: the rule has no selector.',
      'secops_nomad_acl_binding_rule.empty: Every identity that logs in through auth method "okta" gets a management token: the rule has no selector.',
    ]);
  });

  test('passes a management rule with a selector, and a role rule without one', () => {
    expect(synthFindings(id, stack => {
      rule(stack, 'break-glass', { bindType: 'management', bindName: undefined, selector: 'value.sub == "ops"' });
      rule(stack, 'role', {});
    })).toEqual([]);
  });

  test('a selector only known at apply is not a finding', () => {
    expect(synthFindings(id, stack => {
      const selector = new TerraformVariable(stack, 'selector', { type: 'string' });
      rule(stack, 'later', { bindType: 'management', bindName: undefined, selector: selector.stringValue });
    })).toEqual([]);
    expect(planFindings(id, {
      address: 'secops_nomad_acl_binding_rule.later',
      actions: ['create'],
      after: { auth_method: 'okta', bind_type: 'management', bind_name: null },
      afterUnknown: { selector: true, id: true },
    })).toEqual([]);
  });
});

describe('nomad-selector-never-matches', () => {
  const id = 'nomad-selector-never-matches';
  const findings = (selector: string) => synthFindings(id, stack => { rule(stack, 'r', { selector }); });

  test('flags selectors on data Nomad does not match against', () => {
    expect(findings('"eng" in groups')).toEqual([
      'secops_nomad_acl_binding_rule.r: The selector reads `groups`, which is not in the identity data Nomad matches against (only `value.<claim>` and `list.<claim>`), so it never matches.',
    ]);
    expect(findings('value == "x"')).toHaveLength(1);
    expect(findings('"/claims/email" == "a@example.com"')).toEqual([
      expect.stringContaining('reads `claims.email`'),
    ]);
  });

  test('flags comparisons joined by "and" that contradict each other', () => {
    expect(findings('value.env == "prod" and value.env == "dev"')).toEqual([
      'secops_nomad_acl_binding_rule.r: `value.env == "prod"` and `value.env == "dev"` cannot both hold, so the selector never matches.',
    ]);
    expect(findings('"ops" in list.groups and "ops" not in list.groups')).toHaveLength(1);
    expect(findings('list.groups is empty and "ops" in list.groups')).toHaveLength(1);
  });

  test('passes selectors that can match', () => {
    expect(findings('"engineering" in list.groups')).toEqual([]);
    expect(findings('value.env == "prod" and "ops" in list.groups')).toEqual([]);
    expect(findings('value.env == "prod" or value.env == "dev"')).toEqual([]);
    expect(findings('any list.groups as g { g == "ops" }')).toEqual([]);
    expect(findings('value["email"] matches ".*@example.com"')).toEqual([]);
  });

  test('words on the value side are literals (issue 16): these match and are not flagged', () => {
    expect(findings('engineering in list.roles')).toEqual([]);
    expect(findings('list.groups contains admins')).toEqual([]);
    expect(findings('"platform" in list.teams and value.environment == production')).toEqual([]);
    expect(findings('list.roles != "admin"')).toEqual([]); // true when the claim is absent
  });

  test('flags comparisons Nomad cannot evaluate on a claim, and an error that ends an "or"', () => {
    expect(findings('list.roles == "admin"')).toEqual([
      'secops_nomad_acl_binding_rule.r: `list.roles == "admin"` can never be true: Nomad cannot apply `==` to the list claim `list.roles` '
      + '(a list; `"admin" in list.roles` tests membership), so the selector never matches.',
    ]);
    expect(findings('roles contains "admin" or value.team == "ops"')).toEqual([expect.stringContaining('reads `roles`')]);
    expect(findings('value.team == "ops" or roles contains "admin"')).toEqual([]);
  });
});

describe('nomad-selector-suspicious-comparison', () => {
  const id = 'nomad-selector-suspicious-comparison';
  const findings = (selector: string) => synthFindings(id, stack => { rule(stack, 'r', { selector }); });

  test('warns about a claim path on the value side, which is compared as text', () => {
    expect(findings('value.team == value.owner')).toEqual([
      'secops_nomad_acl_binding_rule.r: `value.team == value.owner` compares with the text "value.owner", not with that claim: '
      + 'go-bexpr takes a selector on the value side as a literal.',
    ]);
    expect(findings('list.roles contains value.team')).toHaveLength(1);
  });

  test('warns about != and not matches on a list claim, true only without the claim', () => {
    expect(findings('list.roles != "guest"')).toEqual([
      'secops_nomad_acl_binding_rule.r: `list.roles != "guest"` holds only for identities without `list.roles`: Nomad cannot apply `!=` to a list, '
      + 'so any identity that has the claim fails the rule (to exclude members, use `"guest" not in list.roles`).',
    ]);
    expect(findings('list.roles not matches "^bot-"')).toEqual([expect.stringContaining('`not (any list.roles as member { member matches `^bot-` })`')]);
  });

  test('passes plain comparisons and leaves collection blocks alone', () => {
    expect(findings('engineering in list.roles and value.team == ops')).toEqual([]);
    expect(findings('"guest" not in list.roles')).toEqual([]);
    expect(findings('any list.g as g { g == value.x }')).toEqual([]);
  });

  test('its suggested replacement parses', () => {
    expect(checkSelector('not (any list.roles as member { member matches `^bot-` })')).toEqual({ ok: true });
  });
});

describe('nomad-management-binding', () => {
  const id = 'nomad-management-binding';

  test('warns about a management rule with a selector', () => {
    expect(synthFindings(id, stack => {
      rule(stack, 'break-glass', { bindType: 'management', bindName: undefined, selector: 'value.sub == "ops"' });
    })).toEqual(['secops_nomad_acl_binding_rule.break-glass: Identities matching `value.sub == "ops"` get a management token (every permission, no ACL check).']);
  });

  test('passes role and policy rules (and leaves the selector-less case to the error rule)', () => {
    expect(synthFindings(id, stack => {
      rule(stack, 'role', { selector: '"eng" in list.groups' });
      rule(stack, 'policy', { bindType: 'policy', bindName: 'read-only' });
      rule(stack, 'everyone', { bindType: 'management', bindName: undefined });
    })).toEqual([]);
  });
});
