resource "secops_illumio_syslog_destination" "siem" {
  type        = "remote_syslog"
  description = "SIEM"
  pce_scope   = ["pce.example.com"]
  audit_event_logger = {
    configuration_event_included = true
    system_event_included        = true
    min_severity                 = "warning"
  }
  traffic_event_logger = {
    traffic_flow_allowed_event_included             = false
    traffic_flow_potentially_blocked_event_included = true
    traffic_flow_blocked_event_included             = true
  }
  node_status_included = false

  remote_syslog {
    address         = "siem.example.com"
    port            = 6514
    protocol        = 6
    tls_enabled     = true
    tls_verify_cert = true
  }
}
