data "secops_illumio_workload" "db1" {
  hostname = "db1.example.com"
}

output "db1_addresses" {
  value = data.secops_illumio_workload.db1.interfaces[*].address
}
