data "secops_illumio_product_version" "pce" {}
