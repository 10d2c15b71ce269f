data "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}
