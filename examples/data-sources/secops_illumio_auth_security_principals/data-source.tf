data "secops_illumio_auth_security_principals" "groups" {
  type = "group"
}
