data "secops_anchore_user_roles" "bob" {
  username = "bob"
}
