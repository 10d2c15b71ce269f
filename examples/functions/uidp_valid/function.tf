output "is_uidp" {
  value = provider::secops::uidp_valid("0475f6baca584a8964a6bce6b74dbe78dd8805b6/b74ce966caf448d1") # true
}
