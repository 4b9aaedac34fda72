terraform {
  required_providers {
    intune = {
      source = "openintune/intune"
    }
  }
}

# Client secret of an Entra app registration that has the Microsoft Graph
# application permission DeviceManagementConfiguration.ReadWrite.All with
# admin consent. Keep the secret out of the configuration: pass it as a
# sensitive variable (TF_VAR_intune_client_secret) or leave client_secret out
# and set ARM_CLIENT_SECRET instead.
variable "intune_client_secret" {
  type      = string
  sensitive = true
}

provider "intune" {
  tenant_id     = "00000000-0000-0000-0000-000000000000"
  client_id     = "11111111-1111-1111-1111-111111111111"
  client_secret = var.intune_client_secret
}

# Every argument can come from the environment instead, which is how CI
# systems usually configure the provider. With ARM_TENANT_ID, ARM_CLIENT_ID
# and ARM_CLIENT_SECRET (or any other method's variables) set:
#
# provider "intune" {}

# Client certificate: a PKCS#12 (.pfx) bundle with the certificate and its
# private key; the certificate is uploaded to the app registration.
#
# provider "intune" {
#   tenant_id                   = "00000000-0000-0000-0000-000000000000"
#   client_id                   = "11111111-1111-1111-1111-111111111111"
#   client_certificate_path     = "/secrets/intune-terraform.pfx"
#   client_certificate_password = var.intune_certificate_password
# }

# OpenID Connect from GitHub Actions: the job needs `permissions: id-token: write`;
# the provider reads ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN.
# The app registration has a federated credential for the repository.
#
# provider "intune" {
#   tenant_id = "00000000-0000-0000-0000-000000000000"
#   client_id = "11111111-1111-1111-1111-111111111111"
#   use_oidc  = true
# }

# OpenID Connect from an Azure DevOps pipeline, through a workload identity
# federation service connection (SYSTEM_ACCESSTOKEN must be mapped into the step).
#
# provider "intune" {
#   tenant_id                          = "00000000-0000-0000-0000-000000000000"
#   client_id                          = "11111111-1111-1111-1111-111111111111"
#   use_oidc                           = true
#   ado_pipeline_service_connection_id = "22222222-2222-2222-2222-222222222222"
# }

# OpenID Connect in HCP Terraform: with the workspace variable
# TFC_WORKLOAD_IDENTITY_AUDIENCE=api://AzureADTokenExchange, HCP Terraform
# passes each run a token in TFC_WORKLOAD_IDENTITY_TOKEN.
#
# provider "intune" {
#   tenant_id = "00000000-0000-0000-0000-000000000000"
#   client_id = "11111111-1111-1111-1111-111111111111"
#   use_oidc  = true
# }

# OpenID Connect with a token file that another workload identity system keeps
# up to date (the file is read again for every token request).
#
# provider "intune" {
#   tenant_id            = "00000000-0000-0000-0000-000000000000"
#   client_id            = "11111111-1111-1111-1111-111111111111"
#   use_oidc             = true
#   oidc_token_file_path = "/var/run/secrets/oidc/token"
# }

# AKS workload identity: the pod's service account is federated with the app
# registration; AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE
# are injected by the workload identity webhook.
#
# provider "intune" {
#   use_aks_workload_identity = true
# }

# Managed identity of an Azure VM, App Service, Container App or similar; for a
# user-assigned identity, client_id is the identity's client ID.
#
# provider "intune" {
#   use_msi = true
# }

# The account signed in with `az login`, for local work. This is the default
# when no other method is configured (use_cli = false turns it off); the token
# carries the signed-in user's delegated permissions.
#
# provider "intune" {
#   tenant_id = "00000000-0000-0000-0000-000000000000"
# }

# A national cloud: usgovernmentl4 (GCC High), usgovernmentl5 (DoD) or china.
#
# provider "intune" {
#   environment   = "usgovernmentl4"
#   tenant_id     = "00000000-0000-0000-0000-000000000000"
#   client_id     = "11111111-1111-1111-1111-111111111111"
#   client_secret = var.intune_client_secret
# }
