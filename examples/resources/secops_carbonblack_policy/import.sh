terraform import secops_carbonblack_policy.example 5e4d3c2b-1a09-4f8e-8d7c-6b5a4f3e2d1c
