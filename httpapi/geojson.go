package httpapi

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"

	"github.com/patronage/patronage/graph"
	"github.com/patronage/patronage/interop/geojson"
)

// exportGeoJSON serves GET /export/LAYER.geojson: the map layers of
// package geojson (compounds, raids), read from the store, the same
// FeatureCollections `patronage export geojson --layer LAYER` writes for
// the same dataset. The web app's map draws them. The dataset version is
// the collection's dataset_version and the X-Dataset-Version header.
func exportGeoJSON(store graph.Store, log *slog.Logger) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		layer, ok := strings.CutSuffix(r.PathValue("file"), ".geojson")
		if !ok || !slices.Contains(geojson.Layers(), layer) {
			http.Error(w, fmt.Sprintf("no such export: /export/LAYER.geojson with LAYER %s", strings.Join(geojson.Layers(), " or ")), http.StatusNotFound)
			return
		}
		d, a, err := geojson.FromStore(r.Context(), store)
		var buf bytes.Buffer
		if err == nil {
			_, err = geojson.Write(&buf, layer, d, a)
		}
		switch {
		case errors.Is(err, graph.ErrUnavailable):
			log.WarnContext(r.Context(), "export unavailable", "layer", layer, "err", err)
			w.Header().Set("Retry-After", "5")
			http.Error(w, unavailableMessage, http.StatusServiceUnavailable)
			return
		case err != nil:
			log.ErrorContext(r.Context(), "export failed", "layer", layer, "err", err)
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/geo+json")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Dataset-Version", d.Version)
		_, _ = w.Write(buf.Bytes())
	}
}
