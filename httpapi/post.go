package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// post is gqlgen's POST transport (transport.POST, whose Supports it
// keeps), but for how it writes an answer. gqlgen writes the response with
// json.Marshal, which reads the data again, already JSON written by the
// executor, to check and compact it: 7% of the embedded server's time on
// the benchmark's q1 and more on a table of thousands of sites. post
// writes the data as the executor wrote it and the rest (errors,
// extensions) with encoding/json, in gqlgen's order. The request is read
// and run as gqlgen's does, with the same statuses.
type post struct{ transport.POST }

func (post) Do(w http.ResponseWriter, r *http.Request, exec graphql.GraphExecutor) {
	ctx := r.Context()
	media := responseMediaType(r)
	w.Header().Set("Content-Type", media)
	start := graphql.Now()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("could not read request body: %+v", err)}))
		return
	}
	var params graphql.RawParams
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&params); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		writeResponse(w, exec.DispatchError(ctx, gqlerror.List{gqlerror.Errorf("json request body could not be decoded: %+v body:%s", err, body)}))
		return
	}
	params.Headers = r.Header
	params.ReadTime = graphql.TraceTiming{Start: start, End: graphql.Now()}
	rc, errs := exec.CreateOperationContext(ctx, &params)
	if errs != nil {
		status := http.StatusOK
		if errcode.GetErrorKind(errs) == errcode.KindProtocol {
			status = http.StatusUnprocessableEntity
			if media == mediaGraphQLResult {
				status = http.StatusBadRequest
			}
		}
		w.WriteHeader(status)
		writeResponse(w, exec.DispatchError(graphql.WithOperationContext(ctx, rc), errs))
		return
	}
	responses, ctx := exec.DispatchOperation(ctx, rc)
	writeResponse(w, responses(ctx))
}

// writeResponse writes resp as json.Marshal would, but for the data, which
// is written as it is (the executor's JSON) instead of re-read: its <, >
// and & are not escaped as \u003c and the like, which only matters to JSON
// pasted into HTML, not to an answer served as JSON.
func writeResponse(w io.Writer, resp *graphql.Response) {
	b, err := appendResponse(make([]byte, 0, len(resp.Data)+64), resp)
	if err != nil {
		panic(fmt.Errorf("writing the response: %w", err))
	}
	w.Write(b)
}

func appendResponse(b []byte, resp *graphql.Response) ([]byte, error) {
	if resp.Label != "" || resp.Path != nil || resp.HasNext != nil {
		return json.Marshal(resp) // an incremental answer (@defer): not served over POST
	}
	b = append(b, '{')
	if len(resp.Errors) > 0 {
		errs, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, `"errors":`...), errs...), ',')
	}
	b = append(b, `"data":`...)
	if len(resp.Data) == 0 {
		b = append(b, "null"...)
	} else {
		b = append(b, resp.Data...)
	}
	if len(resp.Extensions) > 0 {
		ext, err := json.Marshal(resp.Extensions)
		if err != nil {
			return nil, err
		}
		b = append(append(b, `,"extensions":`...), ext...)
	}
	return append(b, '}'), nil
}
