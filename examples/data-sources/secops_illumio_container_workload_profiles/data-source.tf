data "secops_illumio_container_cluster" "k8s" {
  name = "prod-k8s"
}

data "secops_illumio_container_workload_profiles" "enforced" {
  container_cluster_href = data.secops_illumio_container_cluster.k8s.href
  mode                   = "enforced"
}
