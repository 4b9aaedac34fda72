# Alice's S/MIME encryption certificates; the filters combine with "and".
data "intune_user_pfx_certificates" "alice" {
  user_principal_name = "alice@contoso.com"
  intended_purpose    = "smimeEncryption"
}

# Every imported certificate that expires within 30 days.
data "intune_user_pfx_certificates" "all" {}

locals {
  expiring = [
    for c in data.intune_user_pfx_certificates.all.certificates : c.id
    if timecmp(c.expiration_date_time, timeadd(plantimestamp(), "720h")) < 0
  ]
}

output "alice_certificate_ids" {
  value = data.intune_user_pfx_certificates.alice.ids
}

output "expiring_soon" {
  value = local.expiring
}
