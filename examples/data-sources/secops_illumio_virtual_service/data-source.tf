data "secops_illumio_virtual_service" "vip" {
  name = "shop-vip"
}
