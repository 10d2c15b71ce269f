# Nomad ACL binding rules as code: who gets which role when they log in through SSO.
# Run against the sandbox:  eval "$(npx secops sandbox &)"  — or against a real cluster with
# NOMAD_ADDR and NOMAD_TOKEN (a management token) set.

terraform {
  required_providers {
    secops = { source = "terraform.local/secops/secops" }
  }
}

# Settings come from NOMAD_ADDR / NOMAD_TOKEN when not given here.
provider "secops" {}

resource "secops_nomad_acl_binding_rule" "engineers" {
  description = "Engineering group members get the engineer role"
  auth_method = "okta"
  selector    = "\"engineering\" in list.groups"
  bind_type   = "role"
  bind_name   = "engineer"
}

resource "secops_nomad_acl_binding_rule" "auditors" {
  description = "Auditors may read everything"
  auth_method = "okta"
  selector    = "\"audit\" in list.groups"
  bind_type   = "policy"
  bind_name   = "read-only"
}

resource "secops_nomad_acl_binding_rule" "break_glass" {
  description = "The on-call break-glass identity is a management token"
  auth_method = "github-jwt"
  selector    = "value.sub == \"repo:acme/ops:environment:break-glass\""
  bind_type   = "management"
}

data "secops_nomad_acl_binding_rules" "okta" {
  auth_method = "okta"
  depends_on  = [secops_nomad_acl_binding_rule.engineers, secops_nomad_acl_binding_rule.auditors]
}

output "okta_rules" {
  value = [for r in data.secops_nomad_acl_binding_rules.okta.acl_binding_rules : "${r.bind_type}:${r.bind_name} <- ${r.selector}"]
}
