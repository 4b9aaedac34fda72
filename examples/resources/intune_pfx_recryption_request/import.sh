# A PFX recryption request is imported by the id Graph assigned to it.
terraform import intune_pfx_recryption_request.example 5f2b8e1c-7d4a-4e3b-9a6c-1b2d3e4f5a6b
