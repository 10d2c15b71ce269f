resource "secops_illumio_ip_list" "office" {
  name        = "office"
  description = "Head office networks"

  ip_ranges {
    from_ip = "192.0.2.0/24"
  }

  ip_ranges {
    from_ip   = "192.0.2.128/25"
    exclusion = true
  }

  fqdns {
    fqdn = "vpn.example.com"
  }
}
