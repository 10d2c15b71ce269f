terraform import secops_illumio_managed_workload.example /orgs/1/workloads/6a0b2c4d-8e1f-4a3b-9c5d-7e6f8a9b0c12
