import { labelData } from './datasources/illumio/label';
import { labelsData } from './datasources/illumio/labels';
import { aclBindingRuleData } from './datasources/nomad/acl-binding-rule';
import { aclBindingRulesData } from './datasources/nomad/acl-binding-rules';
import { defineVendor, VendorDefinition } from './provider/definitions';
import { label } from './resources/illumio/label';
import { configureIllumio, illumioSettings, validateIllumioSettings } from './resources/illumio/provider-block';
import { provision } from './resources/illumio/provision';
import { aclBindingRule } from './resources/nomad/acl-binding-rule';
import { configureNomad, nomadSettings, validateNomadSettings } from './resources/nomad/provider-block';

/** Every vendor the provider serves: the one place that lists them. */
export const vendors: readonly VendorDefinition[] = [
  defineVendor({
    name: 'illumio',
    settings: illumioSettings,
    validateSettings: validateIllumioSettings,
    configure: configureIllumio,
    resources: [label, provision],
    dataSources: [labelData, labelsData],
  }),
  defineVendor({
    name: 'nomad',
    settings: nomadSettings,
    validateSettings: validateNomadSettings,
    configure: configureNomad,
    resources: [aclBindingRule],
    dataSources: [aclBindingRuleData, aclBindingRulesData],
  }),
] as readonly VendorDefinition<unknown>[];
