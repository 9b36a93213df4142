package wire

// Group is the part of a Microsoft Entra group the emulator keeps: what
// pickers search and show.
type Group struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
	Description string `json:"description,omitempty"`
}
