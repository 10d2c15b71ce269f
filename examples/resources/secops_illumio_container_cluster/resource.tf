resource "secops_illumio_container_cluster" "k8s" {
  name        = "prod-k8s"
  description = "production cluster"
}

# Kubelink pairs with this token, returned once at create.
output "kubelink_token" {
  value     = secops_illumio_container_cluster.k8s.container_cluster_token
  sensitive = true
}
