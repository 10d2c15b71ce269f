# The settings as provisioned (the default reads the draft).
data "secops_illumio_firewall_settings" "active" {
  pversion = "active"
}
