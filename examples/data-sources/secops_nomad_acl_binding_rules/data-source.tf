data "secops_nomad_acl_binding_rules" "okta" {
  auth_method = "okta"
}
