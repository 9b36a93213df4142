package graph

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSendBatchReturnsTheBatchRequestIDs(t *testing.T) {
	get := BatchRequest{ID: "r1", Method: "GET", URL: "/deviceManagement/deviceEnrollmentConfigurations/c1/assignments"}
	f := newFakeGraph(t, reply(200, `{"responses":[{"id":"r1","status":200,"body":{"value":[]}}]}`,
		"request-id", "batch-req-1", "client-request-id", "crid-1"))
	c, _ := testClient(t, f)

	answer, err := c.SendBatch(context.Background(), []BatchRequest{get})
	require.NoError(t, err)
	assert.Equal(t, 200, answer.Batch.Status)
	assert.Equal(t, "batch-req-1", answer.Batch.RequestID, "support traces an item by its batch's request-id")
	assert.Equal(t, "crid-1", answer.Batch.ClientRequestID)
	assert.Empty(t, answer.Batch.Body, "the items hold the body")
	require.Len(t, answer.Responses, 1)
	assert.Equal(t, "r1", answer.Responses[0].ID)
}

func TestSendBatchKeepsTheBatchIDsWhenItsAnswerIsUnreadable(t *testing.T) {
	get := BatchRequest{ID: "r1", Method: "GET", URL: "/groups"}
	f := newFakeGraph(t, reply(200, `{"responses":[{"id":"other","status":200}]}`, "request-id", "batch-req-2"))
	c, _ := testClient(t, f)

	answer, err := c.SendBatch(context.Background(), []BatchRequest{get})
	require.Error(t, err)
	assert.Equal(t, "batch-req-2", answer.Batch.RequestID)
	assert.Nil(t, answer.Responses)
}
