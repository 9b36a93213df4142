package drafts

// RestoreID is the one kept import per user (KindRestore).
const RestoreID = "backup"

// Restore is an imported backup file waiting for its restore.
type Restore struct {
	Name    string `json:"name"`
	Content string `json:"content"`
}
