terraform import secops_carbonblack_scope.example a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d
