# The whole imported-PFX workflow: a check that a Certificate Connector is
# healthy, the CA chain (root and issuing CA) as trusted certificate profiles,
# the users' S/MIME certificates from a folder of PFX files, one imported-PFX
# profile per platform assigned to the same group as the chain, and the
# delivery status of each profile. `make demo-pfx` applies it against the
# offline emulator with the CA and PFX files made on the fly, and renews one.
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

variable "root_ca_file" {
  type        = string
  description = "The root CA's certificate as a DER file (.cer), without its key."
  default     = "ca/root.cer"
}

variable "issuing_ca_file" {
  type        = string
  description = "The issuing CA's certificate (the one that signed the users' certificates) as a PEM file, without its key."
  default     = "ca/issuing-ca.pem"
}

locals {
  # The platforms the certificates go to, and each one's own settings for the
  # root and the issuing CA: on Windows the issuing CA goes to the
  # intermediate store; on macOS everything goes to the user's keychain,
  # where the S/MIME certificate is.
  platforms = {
    windows10                    = { root_store = "computerCertStoreRoot", issuing_store = "computerCertStoreIntermediate", channel = null }
    ios                          = { root_store = null, issuing_store = null, channel = null }
    macos                        = { root_store = null, issuing_store = null, channel = "userChannel" }
    android_device_owner         = { root_store = null, issuing_store = null, channel = null }
    android_work_profile         = { root_store = null, issuing_store = null, channel = null }
    android_device_administrator = { root_store = null, issuing_store = null, channel = null }
  }

  # The chain and the certificates reach the same devices.
  assignments = [
    { target = "group", group_id = var.smime_users_group_id },
  ]
}

# Imported PFX certificates reach devices only through a Certificate
# Connector: stop at plan time, before anything is imported, when none has
# checked in within the last 24 hours.
data "intune_certificate_connectors" "all" {
  max_checkin_age = "24h"

  lifecycle {
    postcondition {
      condition     = anytrue([for c in self.certificate_connectors : c.healthy])
      error_message = "No healthy Certificate Connector for Microsoft Intune (none checked in within 24 hours): imported S/MIME certificates would not reach devices. Check the connector hosts, then plan again."
    }
  }
}

# Devices trust the users' certificates only through their chain: the root,
# and the issuing CA under it.
resource "intune_trusted_certificate_profile" "root" {
  for_each = local.platforms

  platform           = each.key
  display_name       = "S/MIME root CA (${each.key})"
  certificate        = filebase64(var.root_ca_file)
  destination_store  = each.value.root_store
  deployment_channel = each.value.channel
  assignments        = local.assignments
}

resource "intune_trusted_certificate_profile" "issuing_ca" {
  for_each = local.platforms

  platform           = each.key
  display_name       = "S/MIME issuing CA (${each.key})"
  certificate        = file(var.issuing_ca_file)
  destination_store  = each.value.issuing_store
  deployment_channel = each.value.channel
  assignments        = local.assignments
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
  for_each = local.platforms

  platform           = each.key
  display_name       = "S/MIME encryption (${each.key})"
  intended_purpose   = "smimeEncryption"
  deployment_channel = each.value.channel
  assignments        = local.assignments
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

output "trusted_chain" {
  description = "The CA certificates delivered to every platform: subject, thumbprint and expiry."
  value = {
    for name, p in { root = intune_trusted_certificate_profile.root["windows10"], issuing_ca = intune_trusted_certificate_profile.issuing_ca["windows10"] } :
    name => { subject = p.subject, thumbprint = p.thumbprint, expires = p.expiration_date_time }
  }
}

output "delivery" {
  description = "Per platform, each device the certificate reached and its state."
  value = {
    for platform, d in data.intune_device_certificate_states.smime :
    platform => [for s in d.states : "${s.device_display_name} (${s.user_display_name}): ${s.issuance_state}, thumbprint ${s.thumbprint}"]
  }
}
