resource "secops_nomad_acl_binding_rule" "engineers" {
  description = "Engineers log in through Okta"
  auth_method = "okta"
  selector    = "\"engineering\" in list.groups"
  bind_type   = "role"
  bind_name   = "engineer"
}
