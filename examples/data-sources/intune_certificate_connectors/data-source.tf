# Stop a pipeline before it imports certificates that no connector would
# deliver: at least one Certificate Connector must have checked in within the
# last 24 hours.
data "intune_certificate_connectors" "all" {
  max_checkin_age = "24h"
}

resource "terraform_data" "connectors_ready" {
  lifecycle {
    precondition {
      condition     = anytrue([for c in data.intune_certificate_connectors.all.certificate_connectors : c.healthy])
      error_message = "No healthy Certificate Connector for Microsoft Intune: PKCS and imported-PFX certificates would not reach devices."
    }
  }
}

output "stale_connectors" {
  value = [
    for c in concat(data.intune_certificate_connectors.all.certificate_connectors, data.intune_certificate_connectors.all.ndes_connectors) :
    c.machine_name if !c.healthy
  ]
}
