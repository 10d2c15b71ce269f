resource "secops_anchore_role_member" "ci" {
  role_name   = "read-write"
  username    = "ci-bot"
  for_account = "engineering"
}
