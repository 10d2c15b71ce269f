import { describeIllumio } from './describe';
import { illumioAdminPortFromAnyIp } from './illumio-admin-port-from-any-ip';
import { illumioAnyIpToAllServices } from './illumio-any-ip-to-all-services';
import { illumioDestroyProvisionedPolicy } from './illumio-destroy-provisioned-policy';
import { illumioEmptyLabelGroup } from './illumio-empty-label-group';
import { illumioProductionNotEnforced } from './illumio-production-not-enforced';
import { illumioRuleActorMatchesNothing } from './illumio-rule-actor-matches-nothing';
import { illumioRuleSetDisabled } from './illumio-rule-set-disabled';
import { illumioRuleSetScopeAll } from './illumio-rule-set-scope-all';
import { illumioScopeMatchesNothing } from './illumio-scope-matches-nothing';
import { illumioSecurityRuleDisabled } from './illumio-security-rule-disabled';
import { RulePack } from '../../model';
import { nounsOf } from '../../nouns';

/**
 * The Illumio pack: one rule per file in this folder.
 */
export const illumioPack: RulePack = {
  name: 'illumio',
  title: 'Illumio',
  rules: [
    illumioAnyIpToAllServices,
    illumioAdminPortFromAnyIp,
    illumioScopeMatchesNothing,
    illumioEmptyLabelGroup,
    illumioRuleActorMatchesNothing,
    illumioRuleSetDisabled,
    illumioSecurityRuleDisabled,
    illumioRuleSetScopeAll,
    illumioDestroyProvisionedPolicy,
    illumioProductionNotEnforced,
  ],
  nouns: nounsOf('illumio', { secops_illumio_ip_list: 'IP list', secops_illumio_provision: 'policy provisioning', secops_illumio_ven: 'VEN' }),
  describe: describeIllumio,
};
