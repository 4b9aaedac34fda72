package graph

import ()

// UserPfxCertificates returns the builder for /deviceManagement/userPfxCertificates.
func (c *Client) UserPfxCertificates() *EntitySetRequestBuilder[UserPFXCertificateable] {
	return newEntitySetRequestBuilder[UserPFXCertificateable](c.adapter, "{+baseurl}/deviceManagement/userPfxCertificates", "userPFXCertificate%2Did", CreateUserPFXCertificateFromDiscriminatorValue)
}
