//go:build !js

package graphapi

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"enrollassign/graph/emulator/demo"
)

func TestPatchBodyIsValidatedAgainstTheSchema(t *testing.T) {
	f := newFixture(t)
	limitPath := assignmentPath(v1, demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group("IT Admins"))
	espPath := assignmentPath(v1, demo.ConfigPilotESP, demo.ConfigPilotESP+"_"+group(demo.PilotUsers))
	betaLimitPath := assignmentPath(beta, demo.ConfigTenDevices, demo.ConfigTenDevices+"_"+group("IT Admins"))
	pilot := group(demo.PilotUsers)
	tests := []struct {
		name, path, body, contentType string
		nested                        bool   // an Intune-layer error (message is nested JSON)
		want                          string // in the message
	}{
		{"unknown property on the assignment", limitPath, `{"target":` + targetJSON("groupAssignmentTarget", pilot) + `,"colour":"red"}`, "", false,
			"The property 'colour' does not exist on type 'microsoft.graph.enrollmentConfigurationAssignment'"},
		{"beta-only source on v1.0", limitPath, `{"source":"direct","target":` + targetJSON("groupAssignmentTarget", pilot) + `}`, "", false,
			"The property 'source' does not exist on type 'microsoft.graph.enrollmentConfigurationAssignment'"},
		{"beta-only filter on a v1.0 target", limitPath, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + pilot + `","deviceAndAppManagementAssignmentFilterId":"` + demo.AssignmentFilterID + `"}}`, "", false,
			"The property 'deviceAndAppManagementAssignmentFilterId' does not exist on type 'microsoft.graph.groupAssignmentTarget'"},
		{"property of another subtype", espPath, `{"target":{"@odata.type":"#microsoft.graph.allDevicesAssignmentTarget","groupId":"` + pilot + `"}}`, "", false,
			"The property 'groupId' does not exist on type 'microsoft.graph.allDevicesAssignmentTarget'"},
		{"abstract target type", limitPath, `{"target":{"@odata.type":"#microsoft.graph.deviceAndAppManagementAssignmentTarget"}}`, "", false,
			"is abstract"},
		{"target without a type", limitPath, `{"target":{"groupId":"` + pilot + `"}}`, "", false, "is abstract"},
		{"unknown target type", limitPath, `{"target":{"@odata.type":"#microsoft.graph.someFutureTarget"}}`, "", false,
			"A type named 'microsoft.graph.someFutureTarget' could not be resolved by the model"},
		{"type outside the namespace", limitPath, `{"target":{"@odata.type":"groupAssignmentTarget","groupId":"` + pilot + `"}}`, "", false,
			"A type named 'groupAssignmentTarget' could not be resolved"},
		{"wrong entity type", limitPath, `{"@odata.type":"#microsoft.graph.deviceEnrollmentLimitConfiguration","target":` + targetJSON("groupAssignmentTarget", pilot) + `}`, "", false,
			"could not be resolved"},
		{"response annotation echoed back", limitPath, `{"@odata.context":"x","target":` + targetJSON("groupAssignmentTarget", pilot) + `}`, "", false,
			"The annotation 'odata.context' was found"},
		{"null target", limitPath, `{"target":null}`, "", false, "an assignment needs a target"},
		{"groupId of the wrong JSON type", limitPath, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":42}}`, "", false, "Invalid value for property 'target'"},
		{"id of another assignment", limitPath, `{"id":"other","target":` + targetJSON("groupAssignmentTarget", pilot) + `}`, "", false, "does not match the key in the URL"},
		{"malformed JSON", limitPath, `{"target":`, "", false, "Unable to read JSON request payload"},
		{"not JSON content", limitPath, patchBody(targetJSON("groupAssignmentTarget", pilot)), "text/plain", false, "Unable to read JSON request payload"},
		{"malformed groupId", limitPath, patchBody(targetJSON("groupAssignmentTarget", "sales-laptops")), "", true, "is not a valid Microsoft Entra group object ID"},
		{"unknown group", limitPath, patchBody(targetJSON("groupAssignmentTarget", "00000000-0000-0000-0000-000000000001")), "", true, "does not exist in this tenant"},
		{"empty collection", espPath, patchBody(`{"@odata.type":"#microsoft.graph.configurationManagerCollectionAssignmentTarget","collectionId":""}`), "", true, "needs a collectionId"},
		{"device target on a device limit", limitPath, patchBody(targetJSON("allDevicesAssignmentTarget", "")), "", true,
			"A Device limit cannot be assigned to a target of type microsoft.graph.allDevicesAssignmentTarget"},
		{"beta filter type outside the enum", betaLimitPath, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + pilot + `","deviceAndAppManagementAssignmentFilterType":"maybe"}}`, "", false,
			"'maybe' is not one of none, include, exclude"},
		{"beta filter without its ID", betaLimitPath, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + pilot + `","deviceAndAppManagementAssignmentFilterType":"include"}}`, "", false,
			"needs a filter ID"},
		{"beta source of the wrong JSON type", betaLimitPath, `{"source":5,"target":` + targetJSON("groupAssignmentTarget", pilot) + `}`, "", false,
			"Invalid value for property 'source'"},
		{"beta still refuses unknown target properties", betaLimitPath, `{"target":{"@odata.type":"#microsoft.graph.groupAssignmentTarget","groupId":"` + pilot + `","weight":3}}`, "", false,
			"The property 'weight' does not exist"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.srv.Store().Configurations()
			h := hdr{}
			if tt.contentType != "" {
				h["Content-Type"] = tt.contentType
			}
			r := f.do(t, "PATCH", tt.path, f.token(t), tt.body, h)
			require.Equal(t, http.StatusBadRequest, r.status, "%s", r.raw)
			assert.Equal(t, "BadRequest", r.errCode(t))
			if tt.nested {
				assert.Contains(t, r.intune(t)["Message"], tt.want)
			} else {
				assert.Contains(t, r.errMessage(t), tt.want)
			}
			assert.Equal(t, before, f.srv.Store().Configurations(), "a refused write changes nothing")
		})
	}
}

func TestTargetTypeIsAcceptedWithOrWithoutHash(t *testing.T) {
	f := newFixture(t)
	path := assignmentPath(v1, demo.ConfigPilotESP, demo.ConfigPilotESP+"_"+group(demo.PilotUsers))
	for _, typ := range []string{"microsoft.graph.groupAssignmentTarget", "#microsoft.graph.groupAssignmentTarget"} {
		r := f.do(t, "PATCH", path, f.token(t), `{"@odata.type":"microsoft.graph.enrollmentConfigurationAssignment","target":{"@odata.type":"`+typ+`","groupId":"`+group(demo.PilotUsers)+`"}}`, nil)
		assert.Equal(t, http.StatusOK, r.status, "%s: %s", typ, r.raw)
		assert.Contains(t, string(r.raw), `"#microsoft.graph.groupAssignmentTarget"`, "written in the canonical form")
	}
}
