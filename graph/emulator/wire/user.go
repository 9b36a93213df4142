package wire

// User is the part of a Microsoft Entra user the emulator keeps: the basic
// profile that User.ReadBasic.All reads (no more, so no read of a user can
// show what that permission would hide).
type User struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	GivenName         string `json:"givenName,omitempty"`
	Surname           string `json:"surname,omitempty"`
	UserPrincipalName string `json:"userPrincipalName"`
	Mail              string `json:"mail,omitempty"`
}

// UserProperties are a User's properties as Graph names them.
func UserProperties() []string {
	return []string{"id", "displayName", "givenName", "surname", "userPrincipalName", "mail"}
}
