output "root_group" {
  value = provider::secops::uidp_root("0475f6baca584a8964a6bce6b74dbe78dd8805b6/b74ce966caf448d1/d3b5a1c2e4f60718") # "0475f6baca584a8964a6bce6b74dbe78dd8805b6"
}
