data "secops_illumio_auth_security_principal" "owners" {
  type = "group"
  name = "shop-owners"
}

data "secops_illumio_label" "shop" {
  key   = "app"
  value = "shop"
}

# Shop owners manage the rule sets of the shop.
resource "secops_illumio_permission" "owners_manage_shop" {
  role                    = "/orgs/1/roles/ruleset_manager"
  auth_security_principal = data.secops_illumio_auth_security_principal.owners.href
  scope                   = [data.secops_illumio_label.shop.href]
}
