terraform import secops_illumio_label_group.example /orgs/1/sec_policy/draft/label_groups/0d5c8f6e-3c1e-4d6a-9f0e-2b7a1c4e5f60
