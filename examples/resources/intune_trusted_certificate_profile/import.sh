# A trusted certificate profile is imported by its id; its certificate (as base64 of the DER) and assignments come with it.
terraform import intune_trusted_certificate_profile.root_windows 5c1d9e2b-7a4f-4b3c-8e6d-1f2a3b4c5d6e
