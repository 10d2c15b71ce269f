resource "secops_illumio_service" "https" {
  name        = "https"
  description = "HTTPS and its alternative port"

  service_ports {
    proto = 6
    port  = 443
  }

  service_ports {
    proto   = 6
    port    = 8443
    to_port = 8444
  }
}
