# The PCE's built-in list of every address.
data "secops_illumio_ip_list" "any" {
  name = "Any (0.0.0.0/0 and ::/0)"
}
