import { aclBindingRuleData } from '../datasources/nomad/acl-binding-rule';
import { aclBindingRulesData } from '../datasources/nomad/acl-binding-rules';
import { defineVendor } from '../provider/definitions';
import { aclBindingRule } from '../resources/nomad/acl-binding-rule';
import { configureNomad, nomadConfigureWarnings, nomadSettings, validateNomadSettings } from '../resources/nomad/provider-block';

/** The nomad vendor: its provider block, resources, data sources and functions. */
export const nomad = defineVendor({
  name: 'nomad',
  settings: nomadSettings,
  validateSettings: validateNomadSettings,
  configureWarnings: nomadConfigureWarnings,
  configure: configureNomad,
  resources: [aclBindingRule],
  dataSources: [aclBindingRuleData, aclBindingRulesData],
});
