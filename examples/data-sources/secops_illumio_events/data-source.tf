data "secops_illumio_events" "failed_logins" {
  event_type    = "user.login"
  status        = "failure"
  timestamp_gte = "2026-12-01T00:00:00Z"
  max_results   = 100
}
