# High-risk rules that can block.
data "secops_carbonblack_rules" "blockable" {
  risk             = "high"
  supported_action = "block"
}
