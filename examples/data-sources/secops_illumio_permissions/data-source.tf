# Everyone who may manage rule sets.
data "secops_illumio_permissions" "ruleset_managers" {
  role = "/orgs/1/roles/ruleset_manager"
}
