data "secops_illumio_label" "prod" {
  key   = "env"
  value = "prod"
}

# A singleton: create adopts the org's settings and sets only what is written here.
resource "secops_illumio_firewall_settings" "org" {
  blocked_connection_reject_scopes = [[data.secops_illumio_label.prod.href]]
}
