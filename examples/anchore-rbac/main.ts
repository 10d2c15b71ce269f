/**
 * Anchore Enterprise RBAC as code: who holds which role in which account, and the SAML identity
 * provider people log in through.
 *
 * The provider reads ANCHORE_URL, ANCHORE_USER and ANCHORE_PASSWORD (an admin user, or `_api_key`
 * with an API key) and optionally ANCHORE_ACCOUNT from the environment at deploy time; point them
 * at `npx secops sandbox` or at a real Anchore Enterprise 4.x RBAC manager.
 */
import { App, Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
// In your own app: import { SecopsChecks, SecopsProvider, anchore } from 'cdktf-secops';
// this example imports the checkout's sources so it runs after `npm install`, with no build.
import { SecopsChecks, SecopsProvider, anchore } from '../../src';

class AnchoreRbacStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    // Default layout "4.x"; an Enterprise 5.x API takes `anchore: { apiLayout: '5.x' }`.
    new SecopsProvider(this, 'secops', {});

    // The CI pipeline pushes and analyzes images in the engineering account.
    const ci = new anchore.RoleMember(this, 'ci-bot-read-write', {
      roleName: 'read-write',
      username: 'ci-bot',
      forAccount: 'engineering',
    });

    // Bob, an engineer, may read the security team's findings (a cross-account grant).
    new anchore.RoleMember(this, 'bob-reads-security', {
      roleName: 'read-only',
      username: 'bob',
      forAccount: 'security',
    });

    // Single sign-on through Okta: new users land read-only in engineering unless the assertion says otherwise.
    const okta = new anchore.SamlIdp(this, 'okta', {
      name: 'okta',
      spEntityId: 'https://anchore.example.com/sp',
      acsUrl: 'https://anchore.example.com/v1/saml/sso/okta',
      idpMetadataUrl: 'https://example.okta.com/app/exk1/sso/saml/metadata',
      idpAccountAttribute: 'anchore_account',
      idpRoleAttribute: 'anchore_roles',
      defaultAccount: 'engineering',
      defaultRole: 'read-only',
    });

    const readWrite = new anchore.DataRole(this, 'read-write', { name: 'read-write' });

    new TerraformOutput(this, 'ci-membership', { value: ci.id });
    new TerraformOutput(this, 'idp-name', { value: okta.name });
    new TerraformOutput(this, 'read-write-permissions', { value: readWrite.permissions });
  }
}

const app = new App();
Aspects.of(app).add(new SecopsChecks());
new AnchoreRbacStack(app, 'anchore-rbac');
app.synth();
