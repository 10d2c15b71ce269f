terraform import secops_illumio_rule_set.example /orgs/1/sec_policy/draft/rule_sets/3
