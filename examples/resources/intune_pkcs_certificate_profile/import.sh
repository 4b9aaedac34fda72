# A PKCS certificate profile is imported by its id; on Android and AOSP its root_certificate_id is read from its rootCertificate link.
terraform import intune_pkcs_certificate_profile.android 7b9d1f3a-5c7e-4a0b-9d2f-4a6c8e0b2d4f
