terraform import secops_illumio_container_cluster.example /orgs/1/container_clusters/3e2d1c0b-9a8f-4e7d-8c6b-5a4f3e2d1c0b
