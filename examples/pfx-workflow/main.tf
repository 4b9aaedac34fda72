# The whole imported-PFX workflow: the users' S/MIME certificates from a folder
# of PFX files, one imported-PFX profile per platform assigned to a group, and
# the delivery status of each profile. `make demo-pfx` applies it against the
# offline emulator with PFX files made on the fly, and renews one.
#
# One resource instance per PFX file, keyed by the file's path, with the user
# from the folder name: pfx/alice@contoso.com/2025.pfx. Intune does not renew
# imported certificates, and devices need every old encryption key to open old
# mail, so a renewal is a new file beside the old one: the next apply imports
# it and leaves the old certificate in place. prevent_destroy keeps a deleted
# file from deleting its certificate; remove an old certificate deliberately,
# when no mail needs its key any more.
terraform {
  # Write-only attributes (the PFX and its password) need Terraform 1.11.
  required_version = ">= 1.11"

  required_providers {
    intune = {
      source = "openintune/intune"
    }
  }
}

provider "intune" {}

variable "connector_public_key" {
  type        = string
  description = "The Certificate Connector's public key: the PEM file Export-IntunePublicKey writes, or filebase64() of its RSAPUBLICBLOB file."
}

variable "pfx_passwords" {
  type        = map(string)
  description = "The PFX passwords by file, e.g. { \"alice@contoso.com/2025.pfx\" = \"...\" }, from a secret store."
  sensitive   = true
  ephemeral   = true
}

variable "smime_users_group_id" {
  type        = string
  description = "The object id of the Entra ID group whose members get the certificates."
}

variable "pfx_directory" {
  type        = string
  description = "The folder of PFX files: a folder per user, named by user principal name, with a file per certificate."
  default     = "pfx"
}

resource "intune_user_pfx_certificate" "smime" {
  for_each = fileset(var.pfx_directory, "*/*.pfx")

  user_principal_name   = dirname(each.key)
  pfx_wo                = filebase64("${var.pfx_directory}/${each.key}")
  pfx_password_wo       = var.pfx_passwords[each.key]
  encryption_public_key = var.connector_public_key
  provider_name         = "Microsoft Software Key Storage Provider"
  key_name              = "PFXEncryptionKey"
  intended_purpose      = "smimeEncryption"

  # An encryption certificate's key opens old mail: deleting it is never a
  # side effect. To remove certificates on purpose, set this to false first.
  lifecycle {
    prevent_destroy = true
  }
}

resource "intune_imported_pfx_certificate_profile" "smime" {
  for_each = toset(["windows10", "ios", "macos", "android_device_owner"])

  platform         = each.key
  display_name     = "S/MIME encryption (${each.key})"
  intended_purpose = "smimeEncryption"

  assignments = [
    { target = "group", group_id = var.smime_users_group_id },
  ]
}

data "intune_device_certificate_states" "smime" {
  for_each = intune_imported_pfx_certificate_profile.smime

  profile_id = each.value.id
}

output "certificates" {
  description = "The imported certificates by user principal name: each one's file, thumbprint and expiry."
  value = {
    for file, c in intune_user_pfx_certificate.smime :
    c.user_principal_name => { file = file, thumbprint = c.thumbprint, expires = c.expiration_date_time }...
  }
}

output "delivery" {
  description = "Per platform, each device the certificate reached and its state."
  value = {
    for platform, d in data.intune_device_certificate_states.smime :
    platform => [for s in d.states : "${s.device_display_name} (${s.user_display_name}): ${s.issuance_state}, thumbprint ${s.thumbprint}"]
  }
}
