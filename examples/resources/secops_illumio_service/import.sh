terraform import secops_illumio_service.example /orgs/1/sec_policy/draft/services/7
