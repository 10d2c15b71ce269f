data "secops_carbonblack_scopes" "prod" {
  name = "prod"
}

resource "secops_carbonblack_policy" "prod" {
  name     = "prod-hardening"
  scope_id = data.secops_carbonblack_scopes.prod.scopes[0].scope_id
  status   = "enabled"

  rule {
    rule_id = "privileged"
    action  = "block"
  }

  exception {
    rule_id   = "privileged"
    name      = "node-debugger"
    namespace = "*"
  }
}
