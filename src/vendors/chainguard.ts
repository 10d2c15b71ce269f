import { subscriptionsData } from '../datasources/chainguard/subscriptions';
import { defineVendor } from '../provider/definitions';
import { uidpFunctions } from '../resources/chainguard/functions';
import { configureChainguard, chainguardSettings, validateChainguardSettings } from '../resources/chainguard/provider-block';
import { subscription } from '../resources/chainguard/subscription';

/** The chainguard vendor: its provider block, resources, data sources and functions. */
export const chainguard = defineVendor({
  name: 'chainguard',
  settings: chainguardSettings,
  validateSettings: validateChainguardSettings,
  configure: configureChainguard,
  resources: [subscription],
  dataSources: [subscriptionsData],
  functions: uidpFunctions,
});
