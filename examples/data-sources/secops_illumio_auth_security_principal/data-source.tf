data "secops_illumio_auth_security_principal" "owners" {
  type = "group"
  name = "shop-owners"
}
