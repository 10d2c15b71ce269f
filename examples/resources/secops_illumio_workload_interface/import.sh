terraform import secops_illumio_workload_interface.example /orgs/1/workloads/2f6d1c8e-4b7a-4e0f-9a3d-5c8b7e6f1a20/interfaces/eth1
