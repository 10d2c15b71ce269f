data "secops_illumio_rule_set" "shop" {
  name = "shop"
}

data "secops_illumio_label" "web" {
  key   = "role"
  value = "web"
}

data "secops_illumio_ip_list" "office" {
  name = "office"
}

data "secops_illumio_service" "https" {
  name = "https"
}

resource "secops_illumio_security_rule" "office_to_web" {
  rule_set_href = data.secops_illumio_rule_set.shop.href
  description   = "The office reaches the web tier over HTTPS"

  resolve_labels_as {
    providers = ["workloads"]
    consumers = ["workloads"]
  }

  providers {
    label = data.secops_illumio_label.web.href
  }

  consumers {
    ip_list = data.secops_illumio_ip_list.office.href
  }

  ingress_services {
    href = data.secops_illumio_service.https.href
  }
}
