data "secops_illumio_label" "eu_west" {
  key   = "loc"
  value = "eu-west"
}

data "secops_illumio_label" "eu_central" {
  key   = "loc"
  value = "eu-central"
}

resource "secops_illumio_label_group" "europe" {
  key         = "loc"
  name        = "europe"
  description = "Every European location"
  labels      = [data.secops_illumio_label.eu_west.href, data.secops_illumio_label.eu_central.href]
}
