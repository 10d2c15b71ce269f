# The roles of the user the provider signs in as.
data "secops_anchore_my_roles" "me" {}
