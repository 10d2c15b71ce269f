data "secops_illumio_syslog_destination" "siem" {
  description = "SIEM"
}
