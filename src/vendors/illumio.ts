import { containerClusterData, containerClustersData } from '../datasources/illumio/container-clusters';
import { containerWorkloadProfileData, containerWorkloadProfilesData } from '../datasources/illumio/container-workload-profiles';
import { firewallSettingsData } from '../datasources/illumio/firewall-settings';
import { ipListData } from '../datasources/illumio/ip-list';
import { ipListsData } from '../datasources/illumio/ip-lists';
import { labelData } from '../datasources/illumio/label';
import { labelGroupData } from '../datasources/illumio/label-group';
import { labelGroupsData } from '../datasources/illumio/label-groups';
import { labelsData } from '../datasources/illumio/labels';
import { eventsData, healthData, productVersionData, systemEventsData } from '../datasources/illumio/monitoring';
import { pairingProfileData } from '../datasources/illumio/pairing-profile';
import { pairingProfilesData } from '../datasources/illumio/pairing-profiles';
import {
  authSecurityPrincipalData, authSecurityPrincipalsData, permissionData, permissionsData, securityPrincipalsData,
} from '../datasources/illumio/rbac';
import { ruleSetData } from '../datasources/illumio/rule-set';
import { ruleSetsData } from '../datasources/illumio/rule-sets';
import { securityPrincipalData } from '../datasources/illumio/security-principal';
import { serviceData } from '../datasources/illumio/service';
import { servicesData } from '../datasources/illumio/services';
import {
  eventSettingsData, syslogDestinationData, syslogDestinationsData, trafficCollectorSettingData, trafficCollectorSettingsData, workloadSettingsData,
} from '../datasources/illumio/settings';
import { venData } from '../datasources/illumio/ven';
import { vensData } from '../datasources/illumio/vens';
import { virtualServiceData } from '../datasources/illumio/virtual-service';
import { virtualServicesData } from '../datasources/illumio/virtual-services';
import {
  vulnerabilitiesData, vulnerabilityData, vulnerabilityReportData, vulnerabilityReportsData,
} from '../datasources/illumio/vulnerabilities';
import { workloadData } from '../datasources/illumio/workload';
import { workloadInterfaceData } from '../datasources/illumio/workload-interface';
import { workloadsData } from '../datasources/illumio/workloads';
import { defineVendor } from '../provider/definitions';
import { authSecurityPrincipal } from '../resources/illumio/auth-security-principal';
import { containerCluster } from '../resources/illumio/container-cluster';
import { containerWorkloadProfile } from '../resources/illumio/container-workload-profile';
import { firewallSettings } from '../resources/illumio/firewall-settings';
import { ipList } from '../resources/illumio/ip-list';
import { label } from '../resources/illumio/label';
import { labelGroup } from '../resources/illumio/label-group';
import { managedWorkload } from '../resources/illumio/managed-workload';
import { eventSettings, workloadSettings } from '../resources/illumio/org-settings';
import { pairingKey } from '../resources/illumio/pairing-key';
import { pairingProfile } from '../resources/illumio/pairing-profile';
import { permission } from '../resources/illumio/permission';
import { configureIllumio, illumioConfigureWarnings, illumioSettings, validateIllumioSettings } from '../resources/illumio/provider-block';
import { provision } from '../resources/illumio/provision';
import { ruleSet } from '../resources/illumio/rule-set';
import { securityPrincipal } from '../resources/illumio/security-principal';
import { securityRule } from '../resources/illumio/security-rule';
import { service } from '../resources/illumio/service';
import { syslogDestination } from '../resources/illumio/syslog-destination';
import { trafficCollectorSetting } from '../resources/illumio/traffic-collector-setting';
import { ven } from '../resources/illumio/ven';
import { virtualService } from '../resources/illumio/virtual-service';
import { vulnerability } from '../resources/illumio/vulnerability';
import { vulnerabilityReport } from '../resources/illumio/vulnerability-report';
import { workload } from '../resources/illumio/workload';
import { workloadInterface } from '../resources/illumio/workload-interface';

/** The illumio vendor: its provider block, resources, data sources and functions. */
export const illumio = defineVendor({
  name: 'illumio',
  settings: illumioSettings,
  validateSettings: validateIllumioSettings,
  configureWarnings: illumioConfigureWarnings,
  configure: configureIllumio,
  resources: [
    label, labelGroup, ipList, service, virtualService, ruleSet, securityRule, firewallSettings, provision,
    workload, workloadInterface, managedWorkload, pairingProfile, pairingKey, ven,
    containerCluster, containerWorkloadProfile, syslogDestination, trafficCollectorSetting, eventSettings, workloadSettings,
    authSecurityPrincipal, permission, securityPrincipal, vulnerability, vulnerabilityReport,
  ],
  dataSources: [
    labelData, labelsData, labelGroupData, labelGroupsData, ipListData, ipListsData, serviceData, servicesData,
    virtualServiceData, virtualServicesData, ruleSetData, ruleSetsData, firewallSettingsData, securityPrincipalData,
    workloadData, workloadsData, workloadInterfaceData, pairingProfileData, pairingProfilesData, venData, vensData,
    containerClusterData, containerClustersData, containerWorkloadProfileData, containerWorkloadProfilesData,
    syslogDestinationData, syslogDestinationsData, trafficCollectorSettingData, trafficCollectorSettingsData,
    eventSettingsData, workloadSettingsData,
    authSecurityPrincipalData, authSecurityPrincipalsData, permissionData, permissionsData, securityPrincipalsData,
    eventsData, systemEventsData, productVersionData, healthData,
    vulnerabilityData, vulnerabilitiesData, vulnerabilityReportData, vulnerabilityReportsData,
  ],
});
