resource "secops_carbonblack_template" "baseline" {
  name = "baseline"

  rule {
    rule_id = "host-network"
    action  = "block"
  }
}
