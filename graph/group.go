package graph

// Group is the part of a Microsoft Entra group that pickers and target
// descriptions need.
type Group struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Description string `json:"description,omitempty"`
}
