data "secops_carbonblack_templates" "baseline" {
  name        = "baseline"
  custom_only = true
}

# Adds rules to templates it does not own; destroy removes only what it added.
resource "secops_carbonblack_template_rules" "more" {
  template_ids = [data.secops_carbonblack_templates.baseline.templates[0].template_id]

  rule {
    rule_id = "privileged"
    action  = "alert"
  }
}
