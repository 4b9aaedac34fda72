# One imported certificate by its id.
data "intune_user_pfx_certificate" "example" {
  id = "5ffff976dffffe49affff8978fffff25-0ffff8962ffffdea9ffff8e83ffff1d83ffff6ae"
}

output "expires" {
  value = data.intune_user_pfx_certificate.example.expiration_date_time
}
