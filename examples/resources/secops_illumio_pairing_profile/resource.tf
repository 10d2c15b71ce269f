data "secops_illumio_label" "prod" {
  key   = "env"
  value = "prod"
}

resource "secops_illumio_pairing_profile" "linux" {
  name             = "linux-prod"
  labels           = [data.secops_illumio_label.prod.href]
  enforcement_mode = "illuminated"
  key_lifespan     = "86400"
}
