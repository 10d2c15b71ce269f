data "secops_illumio_health" "pce" {}
