package cloud

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNationalCloudsMatchMicrosoftTable(t *testing.T) {
	tests := []struct {
		cloud                    Cloud
		authority, graph, prefix string
	}{
		{Global, "login.microsoftonline.com", "graph.microsoft.com", "https://graph.microsoft.com/"},
		{USGovL4, "login.microsoftonline.us", "graph.microsoft.us", "https://graph.microsoft.us/"},
		{USGovL5, "login.microsoftonline.us", "dod-graph.microsoft.us", "https://dod-graph.microsoft.us/"},
		{China, "login.chinacloudapi.cn", "microsoftgraph.chinacloudapi.cn", "https://microsoftgraph.chinacloudapi.cn/"},
	}
	for _, tt := range tests {
		t.Run(tt.cloud.ID, func(t *testing.T) {
			assert.Equal(t, "https://"+tt.authority, tt.cloud.AuthorityURL)
			assert.Equal(t, "https://"+tt.graph, tt.cloud.GraphURL)
			assert.Equal(t, []string{tt.prefix + "DeviceManagementServiceConfig.ReadWrite.All"}, tt.cloud.Scopes("DeviceManagementServiceConfig.ReadWrite.All"))
			assert.NoError(t, tt.cloud.Validate())
			got, ok := ByID(tt.cloud.ID)
			assert.True(t, ok)
			assert.Equal(t, tt.cloud, got)
		})
	}
}

func TestValidateRefusesPlainHTTPOutsideDemo(t *testing.T) {
	c := Global
	c.GraphURL = "http://graph.microsoft.com"
	assert.ErrorContains(t, c.Validate(), "must use https")
	assert.NoError(t, Demo("http://127.0.0.1:8001/", "http://127.0.0.1:8002").Validate())
	assert.ErrorContains(t, Demo("127.0.0.1:8001", "http://x").Validate(), "authority URL")
}

func TestAuthorityEscapesTenant(t *testing.T) {
	assert.Equal(t, "https://login.microsoftonline.com/contoso.onmicrosoft.com", Global.Authority("contoso.onmicrosoft.com"))
	assert.Equal(t, "https://login.microsoftonline.com/a%2Fb", Global.Authority("a/b"))
}
