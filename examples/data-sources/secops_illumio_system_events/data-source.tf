data "secops_illumio_system_events" "errors" {
  severity    = "err"
  max_results = 50
}
