data "secops_carbonblack_scopes" "prod" {
  name = "prod"
}
