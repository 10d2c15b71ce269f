terraform import secops_illumio_virtual_service.example /orgs/1/sec_policy/draft/virtual_services/7c1f3a52-8a4e-4f4b-9d43-6c2b1e0f9a11
