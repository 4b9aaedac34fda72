# An imported-PFX certificate profile is imported by its id; its assignments come with it.
terraform import intune_imported_pfx_certificate_profile.windows 0b9e6f2a-4c1d-4e8f-9a7b-3c5d7e9f1a2b
