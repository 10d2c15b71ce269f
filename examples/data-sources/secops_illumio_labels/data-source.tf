data "secops_illumio_labels" "environments" {
  key = "env"
}

output "environments" {
  value = data.secops_illumio_labels.environments.labels[*].value
}
