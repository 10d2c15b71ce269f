terraform import secops_illumio_workload_settings.example /orgs/1/settings/workloads
