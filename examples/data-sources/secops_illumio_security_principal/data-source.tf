data "secops_illumio_security_principal" "admins" {
  sid = "S-1-5-21-1004336348-1177238915-682003330-512"
}
