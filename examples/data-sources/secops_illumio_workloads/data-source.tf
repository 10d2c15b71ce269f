data "secops_illumio_label" "prod" {
  key   = "env"
  value = "prod"
}

# Production workloads without a VEN.
data "secops_illumio_workloads" "unmanaged_prod" {
  labels  = [[data.secops_illumio_label.prod.href]]
  managed = false
}
