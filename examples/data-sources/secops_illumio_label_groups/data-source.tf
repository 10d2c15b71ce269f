data "secops_illumio_label_groups" "locations" {
  key = "loc"
}
