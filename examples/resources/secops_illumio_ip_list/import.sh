terraform import secops_illumio_ip_list.example /orgs/1/sec_policy/draft/ip_lists/5
