# Terraform 1.12 and later.
import {
  to = intune_pfx_recryption_request.example
  identity = {
    id = "5f2b8e1c-7d4a-4e3b-9a6c-1b2d3e4f5a6b"
  }
}
