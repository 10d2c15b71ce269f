data "secops_anchore_role" "read_write" {
  name = "read-write"
}
