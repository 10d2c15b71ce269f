data "secops_illumio_container_cluster" "k8s" {
  name = "prod-k8s"
}

data "secops_illumio_label" "shop" {
  key   = "app"
  value = "shop"
}

resource "secops_illumio_container_workload_profile" "shop" {
  container_cluster_href = data.secops_illumio_container_cluster.k8s.href
  name                   = "shop"
  assign_labels          = [data.secops_illumio_label.shop.href]
  mode                   = "enforced"
}
