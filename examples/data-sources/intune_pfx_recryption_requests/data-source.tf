# All PFX recryption requests for one user's certificate that are not marked
# deleted. Every filter is optional; filters are combined with "and".
data "intune_pfx_recryption_requests" "for_user" {
  user_id    = "3d1a4c5e-8f2b-4a6d-9c0e-7b5f1a2d3c4e"
  thumbprint = "A1B2C3D4E5F60718293A4B5C6D7E8F9012345678"
  is_deleted = false
}

# A raw OData $filter for anything the named filters do not cover (it cannot be
# combined with them), and a limit on the number of requests returned.
data "intune_pfx_recryption_requests" "pending" {
  odata_filter = "status ne 0 and isDeleted eq false"
  top          = 50
}

output "request_ids" {
  value = data.intune_pfx_recryption_requests.for_user.ids
}

output "devices" {
  value = [for r in data.intune_pfx_recryption_requests.for_user.requests : r.device_id]
}
