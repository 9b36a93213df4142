package snippets_test

import (
	"context"
	"flag"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph"
	"enrollassign/graph/snippets"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// secret is the token the clients below hold: no snippet may show it.
const secret = "eyJ0eXAiOiJKV1QiLCJzZWNyZXQiOnRydWV9.never-shown"

type tokens struct{}

func (tokens) Token(context.Context) (string, error) { return secret, nil }

func client(t *testing.T, version string) *graph.Client {
	t.Helper()
	c, err := graph.New(graph.Config{BaseURL: "https://graph.microsoft.com", APIVersion: version, Tokens: tokens{}})
	require.NoError(t, err)
	return c
}

// The IDs Microsoft's own snippets use for the seed's example.
const (
	configID     = "deviceEnrollmentConfiguration-id"
	assignmentID = "enrollmentConfigurationAssignment-id"
	groupID      = "0a1b2c3d-0000-4000-8000-00000000000a"
	filterID     = "92aae069-eebf-4d3a-bcee-5354ab2d0ae2"
)

// seedRequest is the seed's example (update-enrollmentconfigurationassignment.md):
// the assignment retargeted to the collection "Collection Id value", as the
// editor previews it, so the request is the one the client sends.
func seedRequest(t *testing.T) graph.Request {
	t.Helper()
	p, err := client(t, graph.V1).Preview(graph.Update{
		Configuration: graph.Configuration{ID: configID, DisplayName: "Autopilot ESP", Priority: 1, Kind: graph.ConfigurationEnrollmentCompletionPage},
		Before:        graph.Assignment{ID: assignmentID, Target: graph.AllDevicesTarget()},
		After:         graph.CollectionTarget("Collection Id value"),
		Strategy:      graph.StrategyPatch,
	})
	require.NoError(t, err)
	require.NotNil(t, p.Request)
	assert.Equal(t, p.URL, p.Request.URL(), "the value is the request previewed")
	assert.Equal(t, string(p.Body), string(p.Request.Body))
	return *p.Request
}

// writes are every write the app makes, built by the client as it sends them.
func writes(t *testing.T) map[string]graph.Request {
	t.Helper()
	v1, beta := client(t, graph.V1), client(t, graph.Beta)
	filtered := graph.Assignment{ID: configID + "_" + groupID, Target: graph.GroupTarget(groupID).WithFilter(filterID, graph.FilterInclude)}
	set := []graph.Assignment{filtered, {ID: configID + "_all", Target: graph.AllLicensedUsersTarget()}}
	must := func(r graph.Request, err error) graph.Request {
		t.Helper()
		require.NoError(t, err)
		return r
	}
	patch, err := graph.PatchAssignmentBatchRequest("1", configID, filtered)
	require.NoError(t, err)
	assign, err := graph.AssignBatchRequest("2", "other-configuration-id", set)
	require.NoError(t, err)
	assign.DependsOn = []string{"1"}
	return map[string]graph.Request{
		"update":        seedRequest(t),
		"update-filter": must(beta.DescribePatch(configID, filtered)),
		"create":        must(v1.DescribeCreate(configID, graph.Assignment{Target: graph.ExclusionGroupTarget(groupID)})),
		"delete":        must(v1.DescribeDelete(configID, assignmentID)),
		"assign":        must(beta.DescribeAssign(configID, set)),
		"setpriority":   must(v1.DescribeSetPriority(configID, 2)),
		"batch":         must(beta.DescribeBatch([]graph.BatchRequest{patch, assign})),
	}
}

// Each language's snippet of each write is its golden file
// (testdata/{write}/{language}.txt; go test -update rewrites them).
func TestEveryWriteInEveryLanguageMatchesItsGoldenFile(t *testing.T) {
	for name, r := range writes(t) {
		for _, s := range snippets.For(r) {
			t.Run(name+"/"+s.Language.ID, func(t *testing.T) {
				require.Empty(t, s.Unavailable, "every write the app makes has a snippet in every language")
				golden := filepath.Join("testdata", name, s.Language.ID+".txt")
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
					require.NoError(t, os.WriteFile(golden, []byte(s.Code), 0o644))
				}
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "run go test -update once to write it")
				assert.Equal(t, string(want), s.Code)
			})
		}
	}
}

// The seed's example uses the names Microsoft's generated snippets for
// "Update enrollmentConfigurationAssignment" use (microsoft-graph-docs-contrib,
// api-reference/v1.0/includes/snippets/{language}/intune-onboarding-
// enrollmentconfigurationassignment-update-update-enrollmentconfigurationassignment-*-snippets.md).
func TestSeedExampleUsesMicrosoftsNames(t *testing.T) {
	names := map[string][]string{
		"powershell": {"Import-Module Microsoft.Graph.DeviceManagement.Enrollment",
			"Update-MgDeviceManagementDeviceEnrollmentConfigurationAssignment -DeviceEnrollmentConfigurationId \"" + configID + "\" -EnrollmentConfigurationAssignmentId \"" + assignmentID + "\" -BodyParameter $params",
			`"@odata.type" = "#microsoft.graph.enrollmentConfigurationAssignment"`, `collectionId = "Collection Id value"`},
		"powershell-request": {"Invoke-MgGraphRequest -Method PATCH -Uri \"https://graph.microsoft.com/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments/" + assignmentID + "\""},
		"cli":                {"mgc device-management device-enrollment-configurations assignments patch --device-enrollment-configuration-id '" + configID + "' --enrollment-configuration-assignment-id '" + assignmentID + "' --body '{"},
		"go": {"graphmodels.NewEnrollmentConfigurationAssignment()", "graphmodels.NewConfigurationManagerCollectionAssignmentTarget()",
			"target.SetCollectionId(&collectionId)", "requestBody.SetTarget(target)",
			`graphClient.DeviceManagement().DeviceEnrollmentConfigurations().ByDeviceEnrollmentConfigurationId("` + configID + `").Assignments().ByEnrollmentConfigurationAssignmentId("` + assignmentID + `").Patch(context.Background(), requestBody, nil)`},
		"csharp": {"using Microsoft.Graph.Models;", "new EnrollmentConfigurationAssignment", "Target = new ConfigurationManagerCollectionAssignmentTarget", `CollectionId = "Collection Id value",`,
			`await graphClient.DeviceManagement.DeviceEnrollmentConfigurations["` + configID + `"].Assignments["` + assignmentID + `"].PatchAsync(requestBody);`},
		"python": {"from msgraph.generated.models.enrollment_configuration_assignment import EnrollmentConfigurationAssignment",
			"target = ConfigurationManagerCollectionAssignmentTarget(", `collection_id = "Collection Id value",`,
			`await graph_client.device_management.device_enrollment_configurations.by_device_enrollment_configuration_id("` + configID + `").assignments.by_enrollment_configuration_assignment_id("` + assignmentID + `").patch(request_body)`},
		"javascript": {"const enrollmentConfigurationAssignment = {", "collectionId: 'Collection Id value'",
			"await client.api('/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments/" + assignmentID + "')", ".update(enrollmentConfigurationAssignment);"},
		"curl": {"curl -X PATCH 'https://graph.microsoft.com/v1.0/deviceManagement/deviceEnrollmentConfigurations/" + configID + "/assignments/" + assignmentID + "'",
			"-H 'Content-Type: application/json'"},
	}
	r := seedRequest(t)
	for _, l := range snippets.Languages {
		code, err := snippets.Write(l.ID, r)
		require.NoError(t, err, l.ID)
		require.NotEmpty(t, names[l.ID], "every language is checked: %s", l.ID)
		for _, n := range names[l.ID] {
			assert.Contains(t, code, n, l.ID)
		}
	}
}

// The other operations use the names of Microsoft's snippets for them
// (…-enrollmentconfigurationassignment-create-…, -delete-…,
// -deviceenrollmentconfiguration-assign-…, -setpriority-…), and beta the
// SDKs' beta packages.
func TestEachOperationUsesMicrosoftsNames(t *testing.T) {
	all := writes(t)
	cases := []struct{ write, language, name string }{
		{"create", "powershell", "New-MgDeviceManagementDeviceEnrollmentConfigurationAssignment -DeviceEnrollmentConfigurationId"},
		{"create", "cli", "mgc device-management device-enrollment-configurations assignments create --device-enrollment-configuration-id"},
		{"create", "go", `.Assignments().Post(context.Background(), requestBody, nil)`},
		{"create", "csharp", `.Assignments.PostAsync(requestBody)`},
		{"create", "python", `.assignments.post(request_body)`},
		{"create", "javascript", ".post(enrollmentConfigurationAssignment)"},
		{"delete", "powershell", "Remove-MgDeviceManagementDeviceEnrollmentConfigurationAssignment -DeviceEnrollmentConfigurationId"},
		{"delete", "cli", "assignments delete --device-enrollment-configuration-id"},
		{"delete", "go", `.ByEnrollmentConfigurationAssignmentId("` + assignmentID + `").Delete(context.Background(), nil)`},
		{"delete", "csharp", `.Assignments["` + assignmentID + `"].DeleteAsync();`},
		{"delete", "javascript", ".delete();"},
		{"assign", "powershell", "Set-MgBetaDeviceManagementDeviceEnrollmentConfiguration -DeviceEnrollmentConfigurationId"},
		{"assign", "cli", "mgc-beta device-management device-enrollment-configurations assign post --device-enrollment-configuration-id"},
		{"assign", "go", "graphdevicemanagement.NewDeviceEnrollmentConfigurationsItemAssignPostRequestBody()"},
		{"assign", "go", `"github.com/microsoftgraph/msgraph-beta-sdk-go/models"`},
		{"assign", "csharp", "using Microsoft.Graph.Beta.DeviceManagement.DeviceEnrollmentConfigurations.Item.Assign;"},
		{"assign", "python", "from msgraph_beta.generated.device_management.device_enrollment_configurations.item.assign.assign_post_request_body import AssignPostRequestBody"},
		{"assign", "javascript", ".version('beta')"},
		{"setpriority", "powershell", "Set-MgDeviceManagementDeviceEnrollmentConfigurationPriority -DeviceEnrollmentConfigurationId"},
		{"setpriority", "cli", "mgc device-management device-enrollment-configurations set-priority post --device-enrollment-configuration-id"},
		{"setpriority", "go", "graphdevicemanagement.NewDeviceEnrollmentConfigurationsItemSetPriorityPostRequestBody()"},
		{"setpriority", "go", ".SetPriority().Post(context.Background(), requestBody, nil)"},
		{"setpriority", "csharp", "new SetPriorityPostRequestBody"},
		{"setpriority", "csharp", ".SetPriority.PostAsync(requestBody);"},
		{"setpriority", "python", "SetPriorityPostRequestBody("},
		{"setpriority", "python", ".set_priority.post(request_body)"},
		{"update-filter", "go", "graphmodels.INCLUDE_DEVICEANDAPPMANAGEMENTASSIGNMENTFILTERTYPE"},
		{"update-filter", "csharp", "DeviceAndAppManagementAssignmentFilterType = DeviceAndAppManagementAssignmentFilterType.Include,"},
		{"update-filter", "python", "device_and_app_management_assignment_filter_type = DeviceAndAppManagementAssignmentFilterType.Include,"},
		{"batch", "go", "graphcore.NewBatchRequest(graphClient.GetAdapter())"},
		{"batch", "go", "step2.DependsOnItem(step)"},
		{"batch", "javascript", "await client.api('/$batch')"},
		{"batch", "powershell-request", "Invoke-MgGraphRequest -Method POST -Uri \"https://graph.microsoft.com/beta/`$batch\""},
	}
	for _, c := range cases {
		code, err := snippets.Write(c.language, all[c.write])
		require.NoError(t, err)
		assert.Contains(t, code, c.name, "%s in %s", c.write, c.language)
	}
}

// What the request carries reaches every snippet: its IDs, the group and
// filter it names; never a token.
func TestSnippetsCarryTheRequestAndNoToken(t *testing.T) {
	carried := map[string][]string{
		"update": {configID, assignmentID, "Collection Id value"}, "update-filter": {configID, groupID, filterID},
		"create": {configID, groupID}, "delete": {configID, assignmentID}, "assign": {configID, groupID, filterID},
		"setpriority": {configID}, "batch": {configID, "other-configuration-id", groupID, filterID},
	}
	for name, r := range writes(t) {
		assert.Empty(t, r.Header.Get("Authorization"), name)
		require.NotEmpty(t, carried[name], name)
		for _, s := range snippets.For(r) {
			assert.NotContains(t, s.Code, secret, "%s in %s", name, s.Language.ID)
			assert.NotContains(t, s.Code, "Bearer ey", "%s in %s", name, s.Language.ID)
			for _, v := range carried[name] {
				assert.Contains(t, s.Code, v, "%s in %s", name, s.Language.ID)
			}
		}
	}
}

// A path this package has no SDK names for is still written where the
// request is sent by its path (curl, Invoke-MgGraphRequest, the JavaScript
// client's api()), and the others say why not.
func TestAnUnknownPathIsOnlySentAsItIs(t *testing.T) {
	r := graph.Request{Method: "GET", Host: "https://graph.microsoft.com", Version: graph.V1, Path: []string{"me", "memberOf"}}
	for _, s := range snippets.For(r) {
		switch s.Language.ID {
		case "curl", "powershell-request":
			assert.Contains(t, s.Code, "https://graph.microsoft.com/v1.0/me/memberOf", s.Language.ID)
		case "javascript":
			assert.Contains(t, s.Code, "client.api('/me/memberOf')", s.Language.ID)
		default:
			assert.Empty(t, s.Code, s.Language.ID)
			assert.Contains(t, s.Unavailable, "no SDK names", s.Language.ID)
		}
	}
}

// A national cloud's host reaches every snippet: the SDKs are pointed at it.
func TestANationalCloudIsNamed(t *testing.T) {
	c, err := graph.New(graph.Config{BaseURL: "https://graph.microsoft.us", Tokens: tokens{}})
	require.NoError(t, err)
	r, err := c.DescribeSetPriority(configID, 3)
	require.NoError(t, err)
	want := map[string]string{
		"curl": "https://graph.microsoft.us/v1.0/", "powershell": "-Environment USGov", "powershell-request": "-Environment USGov",
		"cli": "https://graph.microsoft.us", "go": `SetBaseUrl("https://graph.microsoft.us/v1.0")`,
		"csharp": `BaseUrl = "https://graph.microsoft.us/v1.0"`, "python": `base_url = "https://graph.microsoft.us/v1.0"`,
		"javascript": "baseUrl: 'https://graph.microsoft.us/'",
	}
	for _, s := range snippets.For(r) {
		assert.Contains(t, s.Code, want[s.Language.ID], s.Language.ID)
	}
}

// The Go snippets are Go: each parses once its statements are put in a
// function.
func TestGoSnippetsParse(t *testing.T) {
	for name, r := range writes(t) {
		code, err := snippets.Write("go", r)
		require.NoError(t, err)
		imports, body, ok := strings.Cut(code, ")\n")
		require.True(t, ok)
		src := "package p\n" + strings.TrimPrefix(imports, "// Dependencies\n") + ")\nfunc _() {\n" + body + "}\n"
		_, err = parser.ParseFile(token.NewFileSet(), name+".go", src, parser.AllErrors)
		assert.NoError(t, err, "%s:\n%s", name, src)
	}
}

// The Python snippets are Python (checked by python3's own parser, inside
// an async function for their await), where python3 is installed.
func TestPythonSnippetsParse(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	for name, r := range writes(t) {
		code, err := snippets.Write("python", r)
		require.NoError(t, err)
		src := "async def snippet():\n" + indent(code, "    ")
		cmd := exec.Command(python, "-c", "import ast, sys; ast.parse(sys.stdin.read())")
		cmd.Stdin = strings.NewReader(src)
		out, err := cmd.CombinedOutput()
		assert.NoError(t, err, "%s: %s\n%s", name, out, src)
	}
}

// The JavaScript snippets are JavaScript modules (checked by node --check),
// where node is installed.
func TestJavaScriptSnippetsParse(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	dir := t.TempDir()
	for name, r := range writes(t) {
		code, err := snippets.Write("javascript", r)
		require.NoError(t, err)
		file := filepath.Join(dir, name+".mjs")
		require.NoError(t, os.WriteFile(file, []byte(code), 0o644))
		out, err := exec.Command(node, "--check", file).CombinedOutput()
		assert.NoError(t, err, "%s: %s\n%s", name, out, code)
	}
}

func indent(code, prefix string) string {
	lines := strings.Split(strings.TrimRight(code, "\n"), "\n")
	for i, l := range lines {
		if l != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "\n") + "\n"
}
