terraform import secops_illumio_security_rule.example /orgs/1/sec_policy/draft/rule_sets/3/sec_rules/9
