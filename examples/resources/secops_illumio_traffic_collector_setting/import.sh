terraform import secops_illumio_traffic_collector_setting.example /orgs/1/settings/traffic_collector/1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b
