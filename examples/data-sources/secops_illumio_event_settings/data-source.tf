data "secops_illumio_event_settings" "org" {}

output "event_format" {
  value = data.secops_illumio_event_settings.org.format
}
