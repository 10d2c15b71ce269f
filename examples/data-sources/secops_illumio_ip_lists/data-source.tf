data "secops_illumio_ip_lists" "offices" {
  name = "office"
}
