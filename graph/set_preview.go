package graph

import "strconv"

// PreviewSetChange shows what ChangeAssignments(ch) will send next, without
// sending anything: one request per item (the documented create and
// delete), or the one assign of the whole set. It refuses what
// ChangeAssignments would refuse. Every preview is built from the request
// value that is sent.
func (c *Client) PreviewSetChange(ch SetChange) ([]RequestPreview, error) {
	items, err := ch.check()
	if err != nil {
		return nil, err
	}
	if c.setStrategyFor(ch) == StrategyAssign {
		p, err := c.previewSetAssign(ch, items)
		return []RequestPreview{p}, err
	}
	out := make([]RequestPreview, len(items))
	for i, it := range items {
		k, writer, err := c.itemCall(ch.Configuration.ID, it)
		if err != nil {
			return nil, err
		}
		out[i] = writer.preview(k, StrategyPatch, c.itemNote(ch.Strategy, it, writer))
	}
	return out, nil
}

func (c *Client) itemNote(s Strategy, it SetItem, writer *Client) string {
	note := "The documented delete of this one assignment."
	if it.Adds() {
		note = "The documented create: the service names the new assignment after its target."
		if writer != c {
			note += " It goes through beta, which keeps the assignment filter " + c.APIVersion() + " does not show."
		}
	}
	note += " Before the first request, the client reads the set again and sends nothing if it differs from what you loaded."
	if s == StrategyAuto {
		note += " If the service refuses it with \"No method match route template\", the client replaces the whole set with the assign action instead (re-read, check, write)."
	}
	return note
}

// previewSetAssign is the assign ChangeAssignments sends when the live set
// is the one loaded.
func (c *Client) previewSetAssign(ch SetChange, items []SetItem) (RequestPreview, error) {
	set, err := applyItems(ch.Configuration.Kind, ch.Seen, items)
	if err != nil {
		return RequestPreview{}, err
	}
	k, err := assignCall(ch.Configuration.ID, set)
	if err != nil {
		return RequestPreview{}, err
	}
	note := "The configuration's whole set of assignments is replaced with the assign action: " + strconv.Itoa(len(set)) +
		" assignments are sent. Before sending, the client reads the set again and sends nothing if it differs from what you loaded."
	if ch.Strategy == StrategyAuto {
		note = "This service refused the documented create or delete, so " + lowerFirst(note)
	}
	if c != c.beta {
		note += " The set is read and sent through beta, so that what " + c.APIVersion() + " does not show (assignment filters, source) is kept."
	}
	return c.beta.preview(k, StrategyAssign, note), nil
}
