data "secops_illumio_workload" "db1" {
  hostname = "db1.example.com"
}

data "secops_illumio_workload_interface" "eth0" {
  workload_href = data.secops_illumio_workload.db1.href
  name          = "eth0"
}
