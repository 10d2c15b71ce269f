data "secops_carbonblack_policies" "drafts" {
  status = "draft"
}
