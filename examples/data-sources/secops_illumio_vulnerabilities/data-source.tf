data "secops_illumio_vulnerabilities" "all" {
  max_results = 500
}
