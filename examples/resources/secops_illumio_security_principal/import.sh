terraform import secops_illumio_security_principal.example /orgs/1/security_principals/7e6d5c4b-3a29-4817-8f6e-5d4c3b2a1908
