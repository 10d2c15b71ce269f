resource "secops_carbonblack_scope" "prod" {
  name       = "prod"
  clusters   = ["prod:eu-1"]
  namespaces = ["payments"]
}
