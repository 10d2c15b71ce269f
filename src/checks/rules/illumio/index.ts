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
  nouns: {
    secops_illumio_label: 'label',
    secops_illumio_label_group: 'label group',
    secops_illumio_ip_list: 'IP list',
    secops_illumio_service: 'service',
    secops_illumio_rule_set: 'rule set',
    secops_illumio_security_rule: 'security rule',
    secops_illumio_provision: 'policy provisioning',
    secops_illumio_virtual_service: 'virtual service',
    secops_illumio_firewall_settings: 'firewall settings',
    secops_illumio_workload: 'workload',
    secops_illumio_workload_interface: 'workload interface',
    secops_illumio_managed_workload: 'managed workload',
    secops_illumio_pairing_profile: 'pairing profile',
    secops_illumio_pairing_key: 'pairing key',
    secops_illumio_ven: 'VEN',
    secops_illumio_container_cluster: 'container cluster',
    secops_illumio_container_workload_profile: 'container workload profile',
    secops_illumio_syslog_destination: 'syslog destination',
    secops_illumio_traffic_collector_setting: 'traffic collector setting',
    secops_illumio_event_settings: 'event settings',
    secops_illumio_workload_settings: 'workload settings',
    secops_illumio_auth_security_principal: 'auth security principal',
    secops_illumio_permission: 'permission',
    secops_illumio_security_principal: 'security principal',
    secops_illumio_vulnerability: 'vulnerability',
    secops_illumio_vulnerability_report: 'vulnerability report',
  },
  describe: describeIllumio,
};
