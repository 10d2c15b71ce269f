data "secops_illumio_pairing_profile" "linux" {
  name = "linux-prod"
}
