data "secops_illumio_workload" "db1" {
  hostname = "db1.example.com"
}

resource "secops_illumio_workload_interface" "backup" {
  workload_href = data.secops_illumio_workload.db1.href
  name          = "eth1"
  address       = "10.1.0.5"
  cidr_block    = 24
}
