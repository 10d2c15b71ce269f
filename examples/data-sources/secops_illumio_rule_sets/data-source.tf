data "secops_illumio_rule_sets" "all" {}

output "rule_set_names" {
  value = data.secops_illumio_rule_sets.all.rule_sets[*].name
}
