# A complete configuration: one PFX recryption request, with the provider
# configured entirely from the environment (ARM_TENANT_ID, ARM_CLIENT_ID,
# ARM_CLIENT_SECRET, and for the offline emulator ARM_GRAPH_ENDPOINT,
# ARM_AUTHORITY_HOST and SSL_CERT_FILE). `make demo` applies and destroys it
# against the emulator.
terraform {
  # Plugin protocol 6; make demo runs the pinned Terraform 1.16.4.
  required_version = ">= 1.0"

  required_providers {
    intune = {
      source = "openintune/intune"
    }
  }
}

provider "intune" {}

resource "intune_pfx_recryption_request" "demo" {
  user_id    = "3d1a4c5e-8f2b-4a6d-9c0e-7b5f1a2d3c4e"
  device_id  = "9e8d7c6b-5a49-4838-a716-e5d4c3b2a190"
  profile_id = "c0ffee00-1234-4abc-9def-0123456789ab"
  thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"
}

output "id" {
  description = "The id Graph assigned to the request."
  value       = intune_pfx_recryption_request.demo.id
}

output "e_tag" {
  description = "The entity tag the next update or delete sends in If-Match."
  value       = intune_pfx_recryption_request.demo.e_tag
}
