data "secops_illumio_label" "db" {
  key   = "role"
  value = "db"
}

resource "secops_illumio_workload" "db1" {
  hostname         = "db1.example.com"
  labels           = [data.secops_illumio_label.db.href]
  enforcement_mode = "enforced"

  interfaces {
    name       = "eth0"
    address    = "10.0.0.5"
    cidr_block = 24
  }
}
