data "secops_illumio_pairing_profiles" "linux" {
  name = "linux"
}
