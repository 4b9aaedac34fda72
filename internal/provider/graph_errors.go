package provider

import (
	"errors"
	"fmt"

	"github.com/openintune/terraform-provider-intune/internal/graph"
)

// graphErrorDetail explains a failed call on an entity (its name, e.g.
// "trusted certificate profile", and id): what Graph said (code, message,
// request-id) and what to do, for the operation that failed (create, read,
// update, delete, list, assign).
func graphErrorDetail(err error, entity, id, op string) string {
	var auth *graph.AuthError
	switch {
	case errors.As(err, &auth):
		// The token is requested by the first Graph call of the process, so
		// whichever operation comes first reports a credential that fails.
		return fmt.Sprintf("Unable to authenticate to Microsoft Graph, so no request was sent: %v\n\n"+
			"Check the provider's authentication settings (the provider block and its ARM_* environment variables).", auth)
	case errors.Is(err, graph.ErrDeletedOutside):
		return fmt.Sprintf("The %s %s was deleted outside Terraform: Graph answers 404 for it, so there is nothing "+
			"to %s. Run terraform apply again with refresh on (not -refresh=false): the refresh removes it from state "+
			"and the plan creates it anew.\n\n%v", entity, id, op, err)
	case (graph.IsPreconditionFailed(err) || errors.Is(err, graph.ErrChangedOutside)) && op == "delete":
		return fmt.Sprintf("The %s %s changed since Terraform last read it, and Graph refused the delete. Nothing "+
			"was deleted. Run terraform destroy again.\n\n%v", entity, id, err)
	case graph.IsPreconditionFailed(err) || errors.Is(err, graph.ErrChangedOutside):
		return fmt.Sprintf("The %s %s changed outside Terraform since the last refresh; nothing was overwritten. "+
			"Run terraform apply again with refresh on (not -refresh=false; or run terraform apply -refresh-only "+
			"first) so Terraform reads the change, then review the plan.\n\n%v", entity, id, err)
	case graph.StatusOf(err) == 401 || graph.StatusOf(err) == 403:
		return fmt.Sprintf("%v\n\nCheck that the app registration has the DeviceManagementConfiguration.ReadWrite.All "+
			"application permission with admin consent, and that the provider points at the right cloud.", err)
	}
	return err.Error()
}
