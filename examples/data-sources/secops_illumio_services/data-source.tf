data "secops_illumio_services" "web" {
  name = "http"
}
