terraform import secops_illumio_label.example /orgs/1/labels/12
