# Drop broadcast DHCP traffic from the traffic flows the PCE collects.
resource "secops_illumio_traffic_collector_setting" "dhcp" {
  transmission = "broadcast"
  action       = "drop"

  target {
    proto    = 17
    dst_port = 67
  }
}
