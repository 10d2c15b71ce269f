# A user group for consuming_security_principals of a security rule.
resource "secops_illumio_security_principal" "admins" {
  sid         = "S-1-5-21-1004336348-1177238915-682003330-512"
  name        = "Domain Admins"
  description = "Windows domain administrators"
}
