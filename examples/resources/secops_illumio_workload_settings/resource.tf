data "secops_illumio_label" "prod" {
  key   = "env"
  value = "prod"
}

# A singleton: create adopts the org's settings; destroy leaves them.
resource "secops_illumio_workload_settings" "org" {
  workload_disconnected_timeout_seconds = [
    { scope = [], value = 3600 },
    { scope = [data.secops_illumio_label.prod.href], value = -1 },
  ]
}
