# A user PFX certificate is imported by its id: the user's Entra object id
# without dashes, a dash, and the certificate's lower-case SHA-1 thumbprint.
# Graph never returns the PFX, its password or the key it was encrypted with,
# so the first apply after an import sends them again from the configuration.
terraform import intune_user_pfx_certificate.example 5ffff976dffffe49affff8978fffff25-0ffff8962ffffdea9ffff8e83ffff1d83ffff6ae
