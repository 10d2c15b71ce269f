resource "secops_anchore_saml_idp" "okta" {
  name             = "okta"
  sp_entity_id     = "https://anchore.example.com/sp"
  acs_url          = "https://anchore.example.com/v1/saml/sso/okta"
  idp_metadata_url = "https://example.okta.com/app/metadata"
  default_account  = "engineering"
  default_role     = "read-only"
}
