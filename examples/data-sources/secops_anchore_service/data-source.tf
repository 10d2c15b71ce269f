# Anchore Enterprise 4.x: the RBAC manager service's version and status.
data "secops_anchore_service" "rbac" {}
