data "secops_illumio_label" "shop" {
  key   = "app"
  value = "shop"
}

data "secops_illumio_label" "prod" {
  key   = "env"
  value = "prod"
}

resource "secops_illumio_rule_set" "shop" {
  name        = "shop"
  description = "Ring fence of the shop in production"

  scopes {
    label {
      href = data.secops_illumio_label.shop.href
    }
    label {
      href = data.secops_illumio_label.prod.href
    }
  }
}
