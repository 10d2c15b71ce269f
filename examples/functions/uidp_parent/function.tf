output "parent_group" {
  value = provider::secops::uidp_parent("0475f6baca584a8964a6bce6b74dbe78dd8805b6/b74ce966caf448d1") # "0475f6baca584a8964a6bce6b74dbe78dd8805b6"
}
