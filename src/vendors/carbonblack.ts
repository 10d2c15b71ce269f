import { policiesData as carbonBlackPoliciesData } from '../datasources/carbonblack/policies';
import { ruleData as carbonBlackRuleData } from '../datasources/carbonblack/rule';
import { rulesData as carbonBlackRulesData } from '../datasources/carbonblack/rules';
import { scopesData as carbonBlackScopesData } from '../datasources/carbonblack/scopes';
import { scopesPoliciesData as carbonBlackScopesPoliciesData } from '../datasources/carbonblack/scopes-policies';
import { templatesData as carbonBlackTemplatesData } from '../datasources/carbonblack/templates';
import { defineVendor } from '../provider/definitions';
import { policy as carbonBlackPolicy } from '../resources/carbonblack/policy';
import { carbonBlackSettings, configureCarbonBlack, validateCarbonBlackSettings } from '../resources/carbonblack/provider-block';
import { scope as carbonBlackScope } from '../resources/carbonblack/scope';
import { template as carbonBlackTemplate } from '../resources/carbonblack/template';
import { templateRules as carbonBlackTemplateRules } from '../resources/carbonblack/template-rules';

/** The carbonblack vendor: its provider block, resources, data sources and functions. */
export const carbonblack = defineVendor({
  name: 'carbonblack',
  settings: carbonBlackSettings,
  validateSettings: validateCarbonBlackSettings,
  configure: configureCarbonBlack,
  resources: [carbonBlackScope, carbonBlackPolicy, carbonBlackTemplate, carbonBlackTemplateRules],
  dataSources: [
    carbonBlackRulesData, carbonBlackRuleData, carbonBlackTemplatesData,
    carbonBlackPoliciesData, carbonBlackScopesData, carbonBlackScopesPoliciesData,
  ],
});
