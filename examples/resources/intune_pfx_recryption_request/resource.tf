# Re-encrypt a user's imported PFX certificate for one managed device, so the
# imported-PFX certificate profile can deliver it to that device.
resource "intune_pfx_recryption_request" "example" {
  user_id    = "3d1a4c5e-8f2b-4a6d-9c0e-7b5f1a2d3c4e"
  device_id  = "9e8d7c6b-5a49-4838-a716-e5d4c3b2a190"
  profile_id = "c0ffee00-1234-4abc-9def-0123456789ab"
  thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"

  # Optional: the thumbprint of the device key to encrypt for. Intune fills
  # it in from the device when it is left out.
  # device_key_thumbprint = "0F1E2D3C4B5A69788796A5B4C3D2E1F00F1E2D3C"

  timeouts {
    create = "15m"
  }
}
