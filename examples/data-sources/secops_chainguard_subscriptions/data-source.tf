data "secops_chainguard_subscriptions" "group" {
  parent_id   = "0475f6baca584a8964a6bce6b74dbe78dd8805b6/b74ce966caf448d1"
  direct_only = true
}
