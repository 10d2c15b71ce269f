data "secops_nomad_acl_binding_rule" "engineers" {
  id = "6f1e2d3c-4b5a-4697-8a8b-9c0d1e2f3a4b"
}
