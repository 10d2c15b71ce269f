data "secops_illumio_workload_settings" "org" {}
