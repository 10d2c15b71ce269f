terraform import secops_illumio_syslog_destination.example /orgs/1/settings/syslog/destinations/8d7c6b5a-4938-4f2e-8d1c-0b9a8f7e6d5c
