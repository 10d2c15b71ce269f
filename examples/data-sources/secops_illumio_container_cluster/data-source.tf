data "secops_illumio_container_cluster" "k8s" {
  name = "prod-k8s"
}
