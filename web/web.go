// Package web holds the newsroom web app and the GraphiQL page that
// `patronage serve` serves at / and /graphiql: built by `make web` from
// web/src and the npm packages pinned in web/package-lock.json into
// web/dist, which is committed and embedded here, so the binary needs
// nothing else (no CDN, no tile server, no Node at run time).
package web

import (
	"embed"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed dist
var dist embed.FS

// csp keeps the pages to their own origin: scripts, styles, fonts, data and
// workers come from the server, requests go to it only.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"font-src 'self' data:; connect-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; frame-ancestors 'self'"

// App serves the app's page (for GET /).
func App() http.Handler { return page("dist/index.html") }

// GraphiQL serves the GraphiQL page (for GET /graphiql).
func GraphiQL() http.Handler { return page("dist/graphiql.html") }

// Assets serves the built assets (for GET /assets/...; no directory
// listings).
func Assets() http.Handler {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // dist is embedded: cannot fail
	}
	files := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/") {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

func page(name string) http.Handler {
	body, err := dist.ReadFile(name)
	if err != nil {
		panic(err) // dist is embedded: cannot fail
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Write(body)
	})
}
