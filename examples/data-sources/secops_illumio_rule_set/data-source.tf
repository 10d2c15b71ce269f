data "secops_illumio_rule_set" "shop" {
  name = "shop"
}
