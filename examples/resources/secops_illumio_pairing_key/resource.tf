data "secops_illumio_pairing_profile" "linux" {
  name = "linux-prod"
}

# activation_code is sensitive; change rotation_trigger to get a new key.
resource "secops_illumio_pairing_key" "linux" {
  pairing_profile_href = data.secops_illumio_pairing_profile.linux.href
  rotation_trigger     = "2026-12"
}
