terraform import secops_illumio_event_settings.example /orgs/1/settings/events
