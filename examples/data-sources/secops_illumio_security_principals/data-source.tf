data "secops_illumio_security_principals" "admins" {
  name = "Domain Admins"
}
