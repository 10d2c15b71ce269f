terraform import secops_illumio_pairing_profile.example /orgs/1/pairing_profiles/3
