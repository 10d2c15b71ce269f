# A singleton: create adopts the org's settings; destroy leaves them.
resource "secops_illumio_event_settings" "org" {
  format                        = "CEF"
  audit_event_min_severity      = "warning"
  audit_event_retention_seconds = 7776000
}
