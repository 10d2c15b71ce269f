data "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}

# Adopts a workload its VEN paired; destroy leaves it as it is.
resource "secops_illumio_managed_workload" "web1" {
  hostname         = "web1.example.com"
  labels           = [data.secops_illumio_label.web.href]
  enforcement_mode = "enforced"
}
