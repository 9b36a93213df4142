package graph

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// User is a person of the directory as "who gets what" names them.
type User struct {
	ID                string `json:"id"`
	DisplayName       string `json:"displayName"`
	UserPrincipalName string `json:"userPrincipalName"`
}

// userFields are the properties a User holds: all of them are basic
// profile properties, which User.ReadBasic.All reads.
const userFields = "id,displayName,userPrincipalName"

// userSearch searches users by words of their names or UPNs.
var userSearch = directorySearch{collection: "users", fields: userFields,
	search: func(term string) string { return `"displayName:` + term + `" OR "userPrincipalName:` + term + `"` },
	filter: func(quoted string) string {
		return "startswith(displayName,'" + quoted + "') or startswith(userPrincipalName,'" + quoted + "')"
	}}

// SearchUsers finds up to top users (25 when top ≤ 0) whose display name
// or user principal name has words starting with the text ($search, which
// needs ConsistencyLevel: eventual), the user with that ID when the text
// is an object ID, or the first users when it is empty. Where $search is
// refused (400), it asks again for names or UPNs that start with the text.
func (c *Client) SearchUsers(ctx context.Context, text string, top int) ([]User, error) {
	text = strings.TrimSpace(text)
	if isGUID(text) {
		return c.userByID(ctx, text)
	}
	return searchDirectory[User](ctx, c, userSearch, text, top)
}

// userByID is a search by pasted object ID: the user, or nothing.
func (c *Client) userByID(ctx context.Context, id string) ([]User, error) {
	k := call{method: http.MethodGet, path: []string{"users", id}, query: url.Values{"$select": {userFields}}}
	var u User
	err := c.getJSON(ctx, c.request(k), &u)
	switch {
	case isStatus(err, http.StatusNotFound):
		return []User{}, nil
	case err != nil:
		return nil, fmt.Errorf("reading user %s: %w", id, err)
	}
	return []User{u}, nil
}

// ListUsers reads every user of the tenant (id, name, UPN), 999 a page,
// following @odata.nextLink to the end.
func (c *Client) ListUsers(ctx context.Context) ([]User, error) {
	k := call{method: http.MethodGet, path: []string{"users"},
		query: url.Values{"$select": {userFields}, "$top": {strconv.Itoa(maxDirectoryPage)}}}
	users, err := listAll[User](ctx, c, k)
	if err != nil {
		return nil, fmt.Errorf("listing users: %w", err)
	}
	return users, nil
}

// Members are a group's transitive members that enrollment configurations
// reach: users and devices (nested groups are flattened into them), by ID.
type Members struct {
	Users   []string
	Devices []string
}

// userGroupsCall reads the first page of a user's groups, direct and
// through nesting: the OData cast keeps groups (not directory roles or
// administrative units). Graph's documentation asks for ConsistencyLevel:
// eventual and $count with a cast; both are sent so no tenant refuses it.
func userGroupsCall(userID string) call {
	return call{method: http.MethodGet, path: []string{"users", userID, "transitiveMemberOf", "microsoft.graph.group"},
		query: url.Values{"$select": {"id"}, "$top": {strconv.Itoa(maxDirectoryPage)}, "$count": {"true"}}, header: eventual()}
}

// groupMembersCall reads the first page of a group's members, nested
// groups' members included; each carries its @odata.type.
func groupMembersCall(groupID string) call {
	return call{method: http.MethodGet, path: []string{"groups", groupID, "transitiveMembers"},
		query: url.Values{"$select": {"id"}, "$top": {strconv.Itoa(maxDirectoryPage)}}}
}

// UserGroups reads the groups each user is in, directly or through nested
// groups, MaxBatch users per $batch, following each user's nextLinks in
// later batches. Users that do not exist (404) are left out; every other
// user has an entry, empty when they are in no group. A 403 (without
// GroupMember.Read.All) is returned as the *Error Graph sent. The
// context's ReadProgress (WithProgress) hears how many users are read.
func (c *Client) UserGroups(ctx context.Context, userIDs []string) (map[string][]string, error) {
	read, err := c.readEach(ctx, uniqueGUIDs(userIDs), userGroupsCall)
	if err != nil {
		return nil, fmt.Errorf("reading the groups of %d users: %w", len(userIDs), err)
	}
	out := make(map[string][]string, len(read))
	for id, objects := range read {
		groups := []string{}
		for _, o := range objects {
			groups = append(groups, o.ID)
		}
		out[id] = groups
	}
	return out, nil
}

// GroupMembers reads each group's users and devices, members of nested
// groups included, MaxBatch groups per $batch, following nextLinks in
// later batches. Groups that do not exist (404) are left out. A 403
// (without GroupMember.Read.All) is returned as the *Error Graph sent. The
// context's ReadProgress (WithProgress) hears how many groups are read.
func (c *Client) GroupMembers(ctx context.Context, groupIDs []string) (map[string]Members, error) {
	read, err := c.readEach(ctx, uniqueGUIDs(groupIDs), groupMembersCall)
	if err != nil {
		return nil, fmt.Errorf("reading the members of %d groups: %w", len(groupIDs), err)
	}
	out := make(map[string]Members, len(read))
	for id, objects := range read {
		m := Members{Users: []string{}, Devices: []string{}}
		for _, o := range objects {
			switch shortType(o.Type) {
			case "user":
				m.Users = append(m.Users, o.ID)
			case "device":
				m.Devices = append(m.Devices, o.ID)
			}
		}
		out[id] = m
	}
	return out, nil
}

// ReadProgress hears how far a long read is: done of total items (users or
// groups) read to their last page.
type ReadProgress func(done, total int)

type progressKey struct{}

// WithProgress returns a context whose reads of many users or groups
// (UserGroups, GroupMembers) report their progress to fn, after each
// $batch; fn is called from the reading goroutine.
func WithProgress(ctx context.Context, fn ReadProgress) context.Context {
	return context.WithValue(ctx, progressKey{}, fn)
}

func progressOf(ctx context.Context) ReadProgress {
	if fn, ok := ctx.Value(progressKey{}).(ReadProgress); ok && fn != nil {
		return fn
	}
	return func(int, int) {}
}
