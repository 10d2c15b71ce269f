# Anchore Enterprise 5.x (provider setting api_layout = "5.x").
resource "secops_anchore_saml_idp_user_group_mapping" "platform" {
  idp_name        = "okta"
  user_group_uuid = "4d2c6a1e-8b3f-4e9a-a7c5-1f0e2d3c4b5a"
}
