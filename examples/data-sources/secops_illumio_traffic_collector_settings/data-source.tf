data "secops_illumio_traffic_collector_settings" "all" {}
