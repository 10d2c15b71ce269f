data "secops_carbonblack_templates" "custom" {
  custom_only = true
}
