package components

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"enrollassign/components/keep"
	"enrollassign/graph/cloud"
)

func TestCloudsTheServerOffers(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	assert.Nil(t, CloudsFromEnv(env(nil)), "unset: every national cloud")
	assert.Equal(t, []string{"usgovl4", "usgovl5"}, CloudsFromEnv(env(CloudsEnv([]string{"usgovl4", "usgovl5"}))))
	assert.Equal(t, []string{}, CloudsFromEnv(env(CloudsEnv(nil))), "none: the demo alone")

	assert.Equal(t, cloud.National(), offeredClouds(nil))
	assert.Equal(t, []cloud.Cloud{cloud.China}, offeredClouds([]string{"china"}))

	demo := testDemo()
	kept := keep.Settings{CloudID: "usgovl4", Tenant: "contoso.onmicrosoft.us"}
	assert.Equal(t, kept, withOfferedCloud(kept, []string{"usgovl4"}, demo))
	assert.Equal(t, DefaultSettings(demo), withOfferedCloud(kept, []string{"global"}, demo), "a cloud no longer offered: back to the defaults")
	assert.Equal(t, "china", withOfferedCloud(kept, []string{"china"}, Demo{}).CloudID, "the first one offered when the default is not")
}

func TestSettingsOfferOnlyTheCloudsTheServerAllows(t *testing.T) {
	c := &SettingsForm{Value: DefaultSettings(testDemo()), Demo: testDemo(), Clouds: []string{"global"}}
	mount(t, c)
	page := html(c)
	assert.Contains(t, page, `value="demo"`)
	assert.Contains(t, page, `value="global"`)
	for _, other := range []string{"usgovl4", "usgovl5", "china"} {
		assert.NotContains(t, page, `value="`+other+`"`)
	}
}
