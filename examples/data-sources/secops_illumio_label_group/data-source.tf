data "secops_illumio_label_group" "europe" {
  name = "europe"
}
