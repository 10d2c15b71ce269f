data "secops_anchore_saml_idps" "all" {}
