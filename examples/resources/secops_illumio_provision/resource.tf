resource "secops_illumio_ip_list" "office" {
  name = "office"

  ip_ranges {
    from_ip = "192.0.2.0/24"
  }
}

resource "secops_illumio_service" "https" {
  name = "https"

  service_ports {
    proto = 6
    port  = 443
  }
}

# One policy version per apply for exactly these objects' pending changes.
resource "secops_illumio_provision" "stack" {
  description = "office IP list and HTTPS service"
  objects     = [secops_illumio_ip_list.office, secops_illumio_service.https]
}
