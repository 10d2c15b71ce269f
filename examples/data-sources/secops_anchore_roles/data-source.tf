data "secops_anchore_roles" "all" {}
