data "secops_illumio_ven" "web1" {
  hostname = "web1.example.com"
}

# Adopts a paired VEN; destroy leaves it as it is.
resource "secops_illumio_ven" "web1" {
  href        = data.secops_illumio_ven.web1.href
  description = "web tier, rack 4"
  status      = "active"
}
