import { aclBindingRuleData } from './datasources/nomad/acl-binding-rule';
import { aclBindingRulesData } from './datasources/nomad/acl-binding-rules';
import { defineVendor, VendorDefinition } from './provider/definitions';
import { aclBindingRule } from './resources/nomad/acl-binding-rule';
import { configureNomad, nomadSettings, validateNomadSettings } from './resources/nomad/provider-block';

/** Every vendor the provider serves: the one place that lists them. */
export const vendors: readonly VendorDefinition[] = [
  defineVendor({
    name: 'nomad',
    settings: nomadSettings,
    validateSettings: validateNomadSettings,
    configure: configureNomad,
    resources: [aclBindingRule],
    dataSources: [aclBindingRuleData, aclBindingRulesData],
  }),
] as readonly VendorDefinition<unknown>[];
