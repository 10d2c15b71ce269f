data "secops_illumio_syslog_destinations" "all" {}
