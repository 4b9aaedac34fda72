# A SCEP certificate profile is imported by its id; its root_certificate_id is read from its rootCertificate link.
terraform import intune_scep_certificate_profile.windows 3e5a7c9b-1d2f-4a6b-8c0e-2f4a6b8c0d1e
