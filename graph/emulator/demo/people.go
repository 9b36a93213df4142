package demo

import (
	"fmt"
	"strings"

	"enrollassign/graph/emulator/wire"
)

// The generated people are every pair of these names: 25 × 12 = 300, each
// once, with the UPN first.last@ the demo domain.
var (
	firstNames = []string{"Aaron", "Bianca", "Carlos", "Dana", "Elif", "Farah", "Gustav", "Hana", "Ivan", "Jia",
		"Kwame", "Lena", "Mateo", "Nadia", "Oscar", "Priya", "Quentin", "Rosa", "Samir", "Tessa",
		"Umar", "Vera", "Wei", "Ximena", "Yusuf"}
	lastNames = []string{"Alvarez", "Becker", "Chen", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen",
		"Kowalski", "Larsen"}
)

// generatedPeople is how many people are made from the name lists.
var generatedPeople = len(firstNames) * len(lastNames)

// People lists the directory's users: the organisation's sign-in users
// (the personal account is not one of its users), then the generated
// people, in a fixed order with fixed IDs.
func People() []wire.User {
	var out []wire.User
	for _, u := range Users() {
		if !u.Personal {
			out = append(out, signInPerson(u))
		}
	}
	for i := range generatedPeople {
		out = append(out, person(i))
	}
	return out
}

func signInPerson(u User) wire.User {
	given, surname, _ := strings.Cut(u.Name, " ")
	return wire.User{ID: u.OID, DisplayName: u.Name, GivenName: given, Surname: surname, UserPrincipalName: u.UPN, Mail: u.UPN}
}

// person is the i-th generated person: first names vary fastest, so
// neighbours in the list have different first names.
func person(i int) wire.User {
	first, last := firstNames[i%len(firstNames)], lastNames[i/len(firstNames)]
	upn := strings.ToLower(first+"."+last) + "@" + TenantDomain
	return wire.User{ID: personID(i), DisplayName: first + " " + last, GivenName: first, Surname: last, UserPrincipalName: upn, Mail: upn}
}

// personID is the object ID of the i-th generated person.
func personID(i int) string { return fmt.Sprintf("5eed0000-7d1c-4b2a-9f3e-%012x", i+1) }

// PersonID is the object ID of a person by display name ("Aaron Alvarez",
// or a sign-in user's name), or "" if none.
func PersonID(displayName string) string {
	for _, u := range People() {
		if u.DisplayName == displayName {
			return u.ID
		}
	}
	return ""
}
