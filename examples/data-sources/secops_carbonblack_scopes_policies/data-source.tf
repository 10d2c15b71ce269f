data "secops_carbonblack_scopes_policies" "all" {}
