data "secops_illumio_vens" "suspended" {
  status = "suspended"
}
