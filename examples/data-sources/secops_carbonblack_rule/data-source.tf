data "secops_carbonblack_rule" "privileged" {
  rule_id = "privileged"
}
