# Events of the group and of its child groups go to the sink.
resource "secops_chainguard_subscription" "slack" {
  parent_id = "0475f6baca584a8964a6bce6b74dbe78dd8805b6/b74ce966caf448d1"
  sink      = "https://hooks.example.com/chainguard"
}
