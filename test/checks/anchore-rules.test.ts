import { TerraformStack } from 'cdktf';
import { Change, planFindings, planJson, planJsonFindings, synthFindings } from './helpers';
import { anchore, SecopsProvider } from '../../src';

const MEMBER = 'secops_anchore_role_member';
const IDP = 'secops_anchore_saml_idp';
/** The provider acting in account "engineering". */
const IN_ENGINEERING = { anchore: { account: 'engineering' } };

const member = (stack: TerraformStack, id: string, roleName: string, forAccount: string, username = 'alice') =>
  new anchore.RoleMember(stack, id, { roleName, forAccount, username });

const idp = (stack: TerraformStack, config: Partial<anchore.SamlIdpConfig> = {}) => new anchore.SamlIdp(stack, 'okta', {
  name: 'okta',
  spEntityId: 'https://anchore.example.com',
  acsUrl: 'https://anchore.example.com/service/saml/sso/okta',
  idpMetadataUrl: 'https://example.okta.com/app/abc/sso/saml/metadata',
  ...config,
});

/** A plan creating `changes` with the provider configuration `anchore { account = ... }` (or none). */
function planWithProvider(account: string | undefined, ...changes: Change[]): Record<string, unknown> {
  const plan = planJson(...changes) as { configuration: { root_module: { resources: Record<string, unknown>[] } } };
  // The shape terraform 1.11 prints: the single `anchore` block as an object of expressions.
  const expressions = account === undefined ? {} : { anchore: { account: { constant_value: account } } };
  return {
    ...plan,
    configuration: {
      provider_config: { secops: { name: 'secops', full_name: 'terraform.local/secops/secops', expressions } },
      root_module: { resources: plan.configuration.root_module.resources.map(r => ({ ...r, provider_config_key: 'secops' })) },
    },
  };
}

const grant = (name: string, role: string, account: string): Change => ({
  address: `${MEMBER}.${name}`,
  actions: ['create'],
  after: { role_name: role, username: 'alice', for_account: account },
  afterUnknown: { id: true, created_at: true },
  expressions: { role_name: { constant_value: role } },
});

describe('anchore-admin-role-other-account', () => {
  const id = 'anchore-admin-role-other-account';

  test('flags an admin-class role in another account than the provider\'s', () => {
    expect(synthFindings(id, stack => {
      member(stack, 'cross', 'account-user-admin', 'security');
      member(stack, 'full', 'full-control', 'security', 'bob');
    }, IN_ENGINEERING)).toEqual([
      `${MEMBER}.cross: User "alice" gets admin-class role "account-user-admin" in account "security", outside the provider's account "engineering".`,
      `${MEMBER}.full: User "bob" gets admin-class role "full-control" in account "security", outside the provider's account "engineering".`,
    ]);
    expect(planJsonFindings(id, planWithProvider('engineering', grant('cross', 'system-admin', 'security')))).toHaveLength(1);
  });

  test('passes admin roles in the provider\'s account, other roles anywhere, and an account that is not stated', () => {
    expect(synthFindings(id, stack => {
      member(stack, 'home', 'account-user-admin', 'engineering');
      member(stack, 'reader', 'read-only', 'security');
    }, IN_ENGINEERING)).toEqual([]);
    // No `account` in the provider: ANCHORE_ACCOUNT or the user's own account, unknown to a review.
    expect(synthFindings(id, stack => { member(stack, 'cross', 'account-user-admin', 'security'); })).toEqual([]);
    expect(planJsonFindings(id, planWithProvider(undefined, grant('cross', 'account-user-admin', 'security')))).toEqual([]);
    expect(planJsonFindings(id, planWithProvider('engineering', grant('home', 'account-admin', 'engineering')))).toEqual([]);
  });

  test('follows the provider alias a membership uses', () => {
    expect(synthFindings(id, stack => {
      const security = new SecopsProvider(stack, 'security', { alias: 'security', anchore: { account: 'security' } });
      new anchore.RoleMember(stack, 'local', { roleName: 'account-user-admin', forAccount: 'security', username: 'carol', provider: security });
      member(stack, 'remote', 'account-user-admin', 'security');
    }, IN_ENGINEERING)).toEqual([expect.stringMatching(/^secops_anchore_role_member.remote: /)]);
  });
});

describe('anchore-admin-role-membership', () => {
  const id = 'anchore-admin-role-membership';

  test('warns about admin-class grants the cross-account rule does not report', () => {
    expect(synthFindings(id, stack => {
      member(stack, 'home', 'account-user-admin', 'engineering');
      member(stack, 'cross', 'account-user-admin', 'security');
    }, IN_ENGINEERING)).toEqual([`${MEMBER}.home: User "alice" gets admin-class role "account-user-admin" in account "engineering".`]);
    expect(planFindings(id, grant('unknown-home', 'full-control', 'security'))).toHaveLength(1);
  });

  test('passes non-admin roles', () => {
    expect(synthFindings(id, stack => {
      member(stack, 'rw', 'read-write', 'engineering');
      member(stack, 'ro', 'read-only', 'security');
      member(stack, 'policy', 'policy-editor', 'security');
    })).toEqual([]);
    expect(planFindings(id, grant('ro', 'read-only', 'security'))).toEqual([]);
  });
});

describe('anchore-saml-unsigned', () => {
  const id = 'anchore-saml-unsigned';

  test('flags an IdP that does not require signed assertions or responses', () => {
    expect(synthFindings(id, stack => { idp(stack, { requireSignedAssertions: false, requireSignedResponse: false }); })).toEqual([
      `${IDP}.okta: IdP "okta" accepts unsigned assertions and authentication responses: anyone who can reach the ACS URL can log in as any user.`,
    ]);
    expect(planFindings(id, {
      address: `${IDP}.okta`,
      actions: ['update'],
      before: { name: 'okta', require_signed_assertions: true, require_signed_response: true },
      after: { name: 'okta', require_signed_assertions: true, require_signed_response: false },
    })).toEqual([expect.stringContaining('accepts unsigned authentication responses')]);
  });

  test('passes signatures required, explicitly or by the API default (unset)', () => {
    expect(synthFindings(id, stack => { idp(stack); })).toEqual([]);
    expect(synthFindings(id, stack => { idp(stack, { requireSignedAssertions: true, requireSignedResponse: true }); })).toEqual([]);
    expect(planFindings(id, { address: `${IDP}.okta`, actions: ['create'], after: { name: 'okta', require_signed_assertions: true, require_signed_response: true } })).toEqual([]);
  });
});

describe('anchore-saml-metadata-http', () => {
  const id = 'anchore-saml-metadata-http';

  test('flags metadata fetched over plain http', () => {
    expect(synthFindings(id, stack => { idp(stack, { idpMetadataUrl: 'http://idp.example.com/metadata' }); })).toEqual([
      `${IDP}.okta: The metadata comes from idp.example.com over http: a forged signing certificate on the way lets anyone sign logins.`,
    ]);
    expect(planFindings(id, { address: `${IDP}.okta`, actions: ['create'], after: { name: 'okta', idp_metadata_url: 'http://idp.example.com:8080/md' } })).toHaveLength(1);
  });

  test('passes https metadata and inline metadata', () => {
    expect(synthFindings(id, stack => { idp(stack); })).toEqual([]);
    expect(synthFindings(id, stack => { idp(stack, { idpMetadataUrl: undefined, idpMetadataXml: '<EntityDescriptor/>' }); })).toEqual([]);
    expect(planFindings(id, { address: `${IDP}.okta`, actions: ['create'], after: { name: 'okta', idp_metadata_url: 'https://idp.example.com/md' } })).toEqual([]);
  });
});

describe('anchore-saml-acs-http', () => {
  const id = 'anchore-saml-acs-http';

  test('flags an ACS URL over plain http', () => {
    expect(synthFindings(id, stack => { idp(stack, { acsUrl: 'http://anchore.example.com/service/saml/sso/okta' }); })).toEqual([
      `${IDP}.okta: Assertions reach anchore.example.com over http, where they can be read and replayed to log in.`,
    ]);
    expect(planFindings(id, { address: `${IDP}.okta`, actions: ['create'], after: { name: 'okta', acs_url: 'http://a.example.com/sso' } })).toHaveLength(1);
  });

  test('passes an https ACS URL', () => {
    expect(synthFindings(id, stack => { idp(stack); })).toEqual([]);
    expect(planFindings(id, { address: `${IDP}.okta`, actions: ['create'], after: { name: 'okta', acs_url: 'https://a.example.com/sso' } })).toEqual([]);
  });
});

describe('anchore-saml-default-admin-role', () => {
  const id = 'anchore-saml-default-admin-role';

  test('flags an admin-class default role for new SSO users', () => {
    expect(synthFindings(id, stack => { idp(stack, { defaultAccount: 'engineering', defaultRole: 'account-user-admin' }); })).toEqual([
      `${IDP}.okta: New users from this IdP get admin-class role "account-user-admin" in account "engineering" unless the assertion names another.`,
    ]);
    expect(planFindings(id, { address: `${IDP}.okta`, actions: ['create'], after: { name: 'okta', default_role: 'full-control' } })).toHaveLength(1);
  });

  test('passes a read-only default, and no default', () => {
    expect(synthFindings(id, stack => { idp(stack, { defaultAccount: 'engineering', defaultRole: 'read-only' }); })).toEqual([]);
    expect(planFindings(id, { address: `${IDP}.okta`, actions: ['create'], after: { name: 'okta', default_role: null } })).toEqual([]);
  });
});
