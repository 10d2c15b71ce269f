data "secops_illumio_container_clusters" "prod" {
  name               = "prod"
  partial_name_match = true
}
