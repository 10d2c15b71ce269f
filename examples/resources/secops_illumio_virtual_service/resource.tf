data "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}

resource "secops_illumio_virtual_service" "vip" {
  name   = "shop-vip"
  labels = [data.secops_illumio_label.web.href]

  service_ports {
    proto = 6
    port  = 8443
  }

  service_addresses {
    fqdn = "shop.example.com"
  }
}
