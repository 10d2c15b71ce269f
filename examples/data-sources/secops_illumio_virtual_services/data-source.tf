data "secops_illumio_virtual_services" "on_8443" {
  service_port  = "8443"
  service_proto = 6
}
