data "secops_anchore_role_members" "read_only" {
  role_name   = "read-only"
  for_account = "security"
}
