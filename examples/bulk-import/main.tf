# Thousands of S/MIME certificates from a folder of PFX files: one resource
# instance per file, keyed by the file's path (pfx/<user>/<name>.pfx), so a
# renewal is a new file beside the old one, as the renewal pattern needs.
#
# The passwords come from an ephemeral variable, one per file: they reach
# neither a saved plan nor the state. Set it from the pipeline's secret
# store, e.g. TF_VAR_pfx_passwords='{"alice@contoso.com/2025.pfx":"..."}'.
#
# Time: Intune allows 100 writes per 20 s per app and tenant, and the
# provider paces to that, so N certificates import in about N / 5 seconds:
# 1,000 in about 3 min 20 s, 10,000 in about 33 min. A refresh reads at most
# one certificate per request, 1,000 per 20 s. Terraform's default
# -parallelism=10 keeps the budget busy.
terraform {
  # Write-only attributes (the PFX and its password) need Terraform 1.11.
  required_version = ">= 1.11"

  required_providers {
    intune = {
      source = "openintune/intune"
    }
  }
}

provider "intune" {
  # Intune's published limits per app and tenant (the defaults). Other tools
  # that sign in as the same app registration share them: lower both so the
  # sum of all tools stays under the limits.
  request_budget = {
    requests = 1000
    writes   = 100
  }
}

variable "pfx_directory" {
  type        = string
  description = "The folder of PFX files: a folder per user, named by user principal name, with a file per certificate."
  default     = "pfx"
}

variable "pfx_passwords" {
  type        = map(string)
  description = "The PFX passwords by file, relative to pfx_directory, e.g. { \"alice@contoso.com/2025.pfx\" = \"...\" }."
  sensitive   = true
  ephemeral   = true
}

variable "connector_public_key" {
  type        = string
  description = "The Certificate Connector's public key: the PEM file Export-IntunePublicKey writes."
}

locals {
  pfx_files = fileset(var.pfx_directory, "*/*.pfx")
}

resource "intune_user_pfx_certificate" "smime" {
  for_each = local.pfx_files

  user_principal_name   = dirname(each.key)
  pfx_wo                = filebase64("${var.pfx_directory}/${each.key}")
  pfx_password_wo       = var.pfx_passwords[each.key]
  encryption_public_key = var.connector_public_key
  provider_name         = "Microsoft Software Key Storage Provider"
  key_name              = "PFXEncryptionKey"
  intended_purpose      = "smimeEncryption"

  # Each create waits for its place in the budget within its own timeout;
  # Terraform starts ten at a time, so the default is ample. Raise it only if
  # Intune answers with a Retry-After longer than this.
  timeouts {
    create = "10m"
  }

  # An encryption certificate's key opens old mail: deleting it is never a
  # side effect of a deleted or renamed file.
  lifecycle {
    prevent_destroy = true
  }
}

output "certificates_per_user" {
  description = "The thumbprints of each user's certificates, old and renewed."
  value = {
    for file, cert in intune_user_pfx_certificate.smime : dirname(file) => cert.thumbprint...
  }
}
