data "secops_illumio_ven" "web1" {
  hostname = "web1.example.com"
}
