data "secops_illumio_permission" "owners" {
  href = "/orgs/1/permissions/2b1a0f9e-8d7c-4b6a-9f5e-4d3c2b1a0f9e"
}
