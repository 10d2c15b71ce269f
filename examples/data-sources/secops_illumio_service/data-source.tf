data "secops_illumio_service" "all" {
  name = "All Services"
}
