package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/patronage/patronage/gazetteer"
	"github.com/patronage/patronage/graph"
)

// The browser tests load every view of the web app in a real headless
// Chromium against a running `patronage serve` on the curated seeds, check
// it shows the API's answers, that the page logs no error and requests
// nothing beyond the server's origin, and save a screenshot of each view
// (in PATRONAGE_ARTIFACTS, default artifacts/browser at the repository's
// root). They skip when no Chromium is installed, unless
// PATRONAGE_REQUIRE_BROWSER=1 (set by `make test`, which installs it with
// scripts/chromium).

// chromiumPath finds the browser, or skips (fails when it is required).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("PATRONAGE_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("PATRONAGE_REQUIRE_BROWSER") == "1" {
		t.Fatal("PATRONAGE_REQUIRE_BROWSER=1 but no Chromium found: run scripts/chromium")
	}
	t.Skip("no Chromium found (scripts/chromium installs it; PATRONAGE_REQUIRE_BROWSER=1 makes this a failure)")
	return ""
}

func artifactsDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PATRONAGE_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join("..", "..", "artifacts", "browser")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// browser is one tab, with what it logged and requested.
type browser struct {
	t       *testing.T
	ctx     context.Context
	base    string
	dir     string
	mu      sync.Mutex
	errors  []string
	foreign []string
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("lang", "en-GB"),
		chromedp.WindowSize(1280, 900),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(func() { cancelTab(); cancelAlloc() })
	b := &browser{t: t, ctx: ctx, base: base, dir: artifactsDir(t)}
	err := chromedp.Listen(ctx, func(ev any) {
		b.mu.Lock()
		defer b.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, fmt.Sprint(a.Value)+a.Description)
				}
				b.errors = append(b.errors, "console.error: "+strings.Join(args, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			b.errors = append(b.errors, "exception: "+msg)
		case *network.EventRequestWillBeSent:
			u := ev.Request.URL
			if !strings.HasPrefix(u, base+"/") && u != base && u != "about:blank" && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:"+base) {
				b.foreign = append(b.foreign, u)
			}
		case *network.EventLoadingFailed:
			if !ev.Canceled {
				b.errors = append(b.errors, "request failed: "+ev.ErrorText)
			}
		case *network.EventResponseReceived:
			if ev.Response.Status >= 400 {
				b.errors = append(b.errors, fmt.Sprintf("HTTP %d: %s", ev.Response.Status, ev.Response.URL))
			}
		}
	})
	if err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatalf("network events: %v", err)
	}
	if _, err := chromedp.Call(ctx, runtime.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("runtime events: %v", err)
	}
	return b
}

// open loads a view of the app and waits until it has rendered.
func (b *browser) open(fragment, view string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	err := chromedp.Do(ctx,
		chromedp.Navigate("about:blank"), // a fresh page, not a hash change
		chromedp.Navigate(b.base+"/"+fragment),
		chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`body[data-ready=%q]`, view))),
	)
	if err != nil {
		b.t.Fatalf("open %s: %v", fragment, err)
	}
}

func (b *browser) eval(js string, out any) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[json.RawMessage](js, chromedp.EvalAwaitPromise))
	if err == nil {
		err = json.Unmarshal(raw, out)
	}
	if err != nil {
		b.t.Fatalf("evaluate %.80s: %v", js, err)
	}
}

func (b *browser) text(selector string) string {
	b.t.Helper()
	var s string
	b.eval(fmt.Sprintf(`(document.querySelector(%q) || {innerText: ""}).innerText`, selector), &s)
	return s
}

// screenshot saves the whole page as name.png in the artifacts.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	path := filepath.Join(b.dir, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
}

// clean fails on any error logged or request sent elsewhere since the
// last call.
func (b *browser) clean(view string) {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, e := range b.errors {
		b.t.Errorf("%s: %s", view, e)
	}
	for _, u := range b.foreign {
		b.t.Errorf("%s: a request left the server's origin: %s", view, u)
	}
	b.errors, b.foreign = nil, nil
}

// apiQuery asks the server's API directly, for what the page must show.
func apiQuery(t *testing.T, base, query string, out any) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"query": query})
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(string(body)))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data       json.RawMessage
		Errors     []struct{ Message string }
		Extensions struct{ DatasetVersion string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || len(r.Errors) > 0 {
		t.Fatalf("API: %v %+v", err, r.Errors)
	}
	if err := json.Unmarshal(r.Data, out); err != nil {
		t.Fatal(err)
	}
	return r.Extensions.DatasetVersion
}

func TestBrowser(t *testing.T) {
	chromiumPath(t) // skip before starting anything
	base, stop := startServe(t, nil, "--log-level", "warn")
	defer func() {
		if err := stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	b := newBrowser(t, base)

	for _, view := range []struct {
		name  string
		check func(t *testing.T, b *browser, base string)
	}{
		{"assessment", browseAssessment},
		{"site", browseSite},
		{"search", browseSearch},
		{"map", browseMap},
		{"phone", browsePhone},
		{"keyboard", browseKeyboard},
		{"graphiql", browseGraphiQL},
	} {
		t.Run(view.name, func(t *testing.T) {
			b.t = t
			view.check(t, b, base)
		})
	}
}

// browseAssessment checks the July 2025 assessment: every cell as the API
// gives it, its citation, the filters read back from the URL.
func browseAssessment(t *testing.T, b *browser, base string) {
	var want struct {
		SiteAssessment map[string][]struct{ Site struct{ ID string } }
	}
	version := apiQuery(t, base, `{ siteAssessment(from: "2025-07", to: "2025-07") {
		raidedConnected { site { id } } raidedUnconnected { site { id } }
		unraidedConnected { site { id } } unraidedUnconnected { site { id } } } }`, &want)
	b.open("#/?from=2025-07&to=2025-07", "assessment")
	for cell, rows := range want.SiteAssessment {
		var got struct {
			Count string
			IDs   []string
		}
		b.eval(fmt.Sprintf(`(() => { const c = document.getElementById('cell-%s');
			return { count: c.dataset.count, ids: [...c.querySelectorAll('li[data-site]')].map(li => li.dataset.site) }; })()`, cell), &got)
		if got.Count != fmt.Sprint(len(rows)) || len(got.IDs) != len(rows) {
			t.Errorf("cell %s shows %s sites (%d listed), the API %d", cell, got.Count, len(got.IDs), len(rows))
		}
		for i, r := range rows {
			if i < len(got.IDs) && got.IDs[i] != r.Site.ID {
				t.Errorf("cell %s row %d = %s, the API %s", cell, i, got.IDs[i], r.Site.ID)
			}
		}
	}
	if got := b.text("#cell-raidedConnected"); !strings.Contains(got, "MDS Henghe Thmorda SEZ") || !strings.Contains(got, "Try Pheap") {
		t.Errorf("raided × connected for July 2025 = %q, want MDS Henghe Thmorda SEZ via Try Pheap", got)
	}
	b.checkCite(t, version, "from=2025-07&to=2025-07", "site_id", "C_MDS_THMORDA")
	// the filters are read back from the URL into the form
	var from string
	b.eval(`document.querySelector('form.filters input[name=from]').value`, &from)
	if from != "2025-07" {
		t.Errorf("the form's from = %q, want the URL's 2025-07", from)
	}
	b.screenshot("assessment-2025-07")
	b.clean("assessment")
}

// browseSite checks a site page: the traced path to Hun Sen drawn in the
// network, a click on an edge showing its sources, and a raid whose
// accounts differ.
func browseSite(t *testing.T, b *browser, base string) {
	b.open("#/entity/C_OSMACH?path=P_HUNSEN", "entity")
	if got := b.text("#traced-paths"); !strings.Contains(got, "3 hops, weakest reported") ||
		!strings.Contains(got, "L.Y.P. Group Co., Ltd.") || !strings.Contains(got, "ADVISER_TO") || !strings.Contains(got, "Hun Sen") {
		t.Errorf("paths to Hun Sen = %q, want the 3-hop path through L.Y.P. Group and Ly Yong Phat", got)
	}
	// the network draws the path's three claims with their statuses
	var edges []string
	b.eval(`window.patronageNetwork.edges().map(e => e.source().data('label') + ' ' + e.data('label') + ' ' + e.target().data('label'))`, &edges)
	for _, want := range []string{
		"L.Y.P. Group Co., Ltd. OWNS · OFFICIAL_RECORD O'Smach Resort",
		"Ly Yong Phat OWNS · OFFICIAL_RECORD L.Y.P. Group Co., Ltd.",
		"Ly Yong Phat ADVISER_TO · REPORTED Hun Sen",
	} {
		if !contains(edges, want) {
			t.Errorf("network edges %q lack %q", edges, want)
		}
	}
	if got := b.text("#flags"); !strings.Contains(got, "sanctioned") {
		t.Errorf("flags = %q, want sanctioned with its designation", got)
	}
	if got := b.text("#designations"); !strings.Contains(got, "US Treasury") {
		t.Errorf("designations = %q", got)
	}
	// a click on the adviser edge shows its sources
	var pt struct{ X, Y float64 }
	var scrolled bool
	b.eval(`window.patronageNetwork.container().scrollIntoView(), true`, &scrolled)
	time.Sleep(300 * time.Millisecond) // the scroll event reaches Cytoscape
	b.eval(`(() => { const cy = window.patronageNetwork; cy.resize();
		const e = cy.edges().filter(e => e.data('label') === 'ADVISER_TO · REPORTED')[0];
		const r = cy.container().getBoundingClientRect(), m = e.renderedMidpoint();
		return { x: r.left + m.x, y: r.top + m.y }; })()`, &pt)
	if err := chromedp.Do(b.ctx, chromedp.MouseClickXY(pt.X, pt.Y)); err != nil {
		t.Fatal(err)
	}
	if got := b.text("#edge-info"); !strings.Contains(got, "ADVISER_TO") || !strings.Contains(got, "Sources") {
		t.Errorf("after a click on the ADVISER_TO edge the panel says %q, want the claim and its sources", got)
	}
	b.screenshot("site-osmach-path-hunsen")
	b.clean("site")

	b.open("#/entity/RS_POIPET_BALILEY", "entity")
	var counts []string
	b.eval(`[...document.querySelectorAll('#raid-R06 .account')].map(a => a.dataset.detained)`, &counts)
	if !contains(counts, "271") || !contains(counts, "270") {
		t.Errorf("the Poipet raid's accounts show %q, want both 271 and 270", counts)
	}
	if got := b.text("#raid-R06"); !strings.Contains(got, "The accounts differ (271 vs 270") {
		t.Errorf("the Poipet raid does not say its accounts differ: %q", got)
	}
	b.screenshot("site-poipet-raid")
	b.clean("site poipet")
}

// browseSearch checks searches in Khmer and Chinese, drawn with the
// bundled fonts.
func browseSearch(t *testing.T, b *browser, base string) {
	b.open("#/search?q="+"%E1%9E%A0%E1%9F%8A%E1%9E%BB%E1%9E%93%20%E1%9E%9F%E1%9F%82%E1%9E%93", "search") // ហ៊ុន សែន
	got := b.text("#match")
	if !strings.Contains(got, "0.85") || !strings.Contains(got, "Hun Sen") || !strings.Contains(got, "Khmer read by consonants") {
		t.Errorf("match for ហ៊ុន សែន = %q, want Hun Sen at 0.85 with the reason", got)
	}
	// the Khmer is drawn with the bundled font, from the server
	var khmer bool
	b.eval(`document.fonts.ready.then(() => document.fonts.load('16px "Noto Sans Khmer"', 'ហ៊ុន')).then(f => f.length > 0 && document.fonts.check('16px "Noto Sans Khmer"', 'ហ៊ុន'))`, &khmer)
	if !khmer {
		t.Error("Noto Sans Khmer did not load for the Khmer text")
	}
	b.screenshot("search-khmer")
	b.clean("search")
	b.open("#/search?q=%E7%9A%87%E5%86%A0", "search") // 皇冠
	if got := b.text("main"); !strings.Contains(got, "Crown High-Tech Industrial Park") || !strings.Contains(got, "皇冠高科技产业园") {
		t.Errorf("search 皇冠 = %q, want Crown High-Tech Industrial Park by its Chinese name", got)
	}
	// the Chinese is drawn with the bundled font: the page itself made the
	// browser fetch Noto Sans SC slices from the server (only the slices
	// holding its characters), and the face covering 皇冠 is loaded
	var chinese struct {
		Loaded []string
		Check  bool
	}
	b.eval(`(() => { document.body.offsetHeight; return document.fonts.ready; })().then(() => {
		const loaded = performance.getEntriesByType('resource').map(r => new URL(r.name).pathname).filter(p => p.startsWith('/assets/fonts/noto-sans-sc-'));
		return document.fonts.load('16px "Noto Sans SC"', '皇冠').then(f => ({ loaded, check: f.length > 0 && document.fonts.check('16px "Noto Sans SC"', '皇冠') }));
	})`, &chinese)
	if len(chinese.Loaded) == 0 || !chinese.Check {
		t.Errorf("Noto Sans SC did not load for the Chinese text (slices fetched: %q, check %v)", chinese.Loaded, chinese.Check)
	} else {
		t.Logf("Noto Sans SC slices fetched for the page: %q", chinese.Loaded)
	}
	b.screenshot("search-chinese")
	b.clean("search chinese")
}

// browseMap checks the map: every placed seed site and raid drawn where
// the gazetteer puts it, and a click on Svay Rieng's marker.
func browseMap(t *testing.T, b *browser, base string) {
	// what the map must show, from the seeds and the gazetteer: a site
	// is placed at its own point or its province's label point, or not
	g, err := gazetteer.Default()
	if err != nil {
		t.Fatal(err)
	}
	placed, notPlaced := seedMapSites(t, g)
	b.open("#/map", "map")
	var got struct {
		Outline   int
		Placed    []string
		NotPlaced []string
		Markers   []mapMarker
		Caption   string
	}
	b.eval(`({ outline: document.querySelectorAll('svg.map path.kh').length,
		placed: [...document.querySelectorAll('#placed li[data-site]')].map(li => li.dataset.site),
		notPlaced: [...document.querySelectorAll('#not-placed li[data-site]')].map(li => li.dataset.site + ': ' + li.innerText),
		markers: [...document.querySelectorAll('svg.map a.marker')].map(a => ({ group: a.dataset.group, precision: a.dataset.precision,
			lon: +a.dataset.lon, lat: +a.dataset.lat, sites: +a.dataset.sites, raids: +a.dataset.raids })),
		caption: document.querySelector('#map figcaption').innerText })`, &got)
	if got.Outline != 1 {
		t.Errorf("Cambodia's outline drawn %d times", got.Outline)
	}
	slices.Sort(placed)
	slices.Sort(got.Placed)
	if !slices.Equal(got.Placed, placed) {
		t.Errorf("placed sites listed %q, want %q", got.Placed, placed)
	}
	if len(got.NotPlaced) != len(notPlaced) {
		t.Errorf("not placed: %q, want %q", got.NotPlaced, notPlaced)
	}
	for _, l := range got.NotPlaced {
		if !strings.Contains(l, "not placed: ") {
			t.Errorf("%q does not give the reason", l)
		}
		if strings.HasPrefix(l, "RS_TBK_CASINO") && !strings.Contains(l, "Tboung Khmum") {
			t.Errorf("the Tboung Khmum casino's reason: %q", l)
		}
	}
	if want := fmt.Sprintf("%d of %d sites placed", len(placed), len(placed)+len(notPlaced)); !strings.Contains(got.Caption, want) {
		t.Errorf("caption %q, want %q", got.Caption, want)
	}
	checkMapMarkers(t, g, got.Markers, len(placed))
	clickSvayRieng(t, b)
	b.screenshot("map")
	b.clean("map")
}

// seedMapSites are the seed compounds the map places, at their own point or
// their province's label point, and those it cannot place.
func seedMapSites(t *testing.T, g *gazetteer.Gazetteer) (placed, notPlaced []string) {
	t.Helper()
	for _, e := range curated(t).Entities {
		if e.Kind != graph.KindCompound {
			continue
		}
		if _, _, ok := g.Anchor(e.Place); ok && e.Place != "" {
			placed = append(placed, e.ID)
		} else if e.Coordinates == nil {
			notPlaced = append(notPlaced, e.ID)
		}
	}
	if len(placed) == 0 {
		t.Fatal("no seed compound has a place with a point")
	}
	return placed, notPlaced
}

// mapMarker is one marker of the map as the page draws it.
type mapMarker struct {
	Group, Precision string
	Lon, Lat         float64
	Sites, Raids     int
}

// checkMapMarkers: one marker per point, sites drawn where the gazetteer
// puts them, Svay Rieng's at its label point with its Bavet sites and raids.
func checkMapMarkers(t *testing.T, g *gazetteer.Gazetteer, markers []mapMarker, placed int) {
	sites, raids := 0, 0
	svayRieng, _, _ := g.Anchor("20")
	var sr bool
	for _, m := range markers {
		sites += m.Sites
		raids += m.Raids
		if m.Precision != "province" {
			t.Errorf("marker %s at precision %q: no seed site has its own point", m.Group, m.Precision)
		}
		if m.Group == "province:20" {
			sr = m.Lon == svayRieng.Lon && m.Lat == svayRieng.Lat && m.Sites >= 3 && m.Raids >= 2
		}
	}
	if sites != placed {
		t.Errorf("markers hold %d sites, want %d", sites, placed)
	}
	if raids == 0 {
		t.Error("no raid drawn")
	}
	if !sr {
		t.Errorf("no Svay Rieng marker at its label point %+v with its Bavet sites and raids: %+v", svayRieng, markers)
	}
}

// clickSvayRieng: a real click on Svay Rieng's marker lists its sites and
// raids, with the province in both scripts and what the point means, puts
// the marker in the URL, and the page's GeoJSON download is the layer.
func clickSvayRieng(t *testing.T, b *browser) {
	var pt struct{ X, Y float64 }
	b.eval(`(() => { const m = document.querySelector('svg.map a.marker[data-group="province:20"] circle.sites'); m.scrollIntoView();
		const r = m.getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 }; })()`, &pt)
	if err := chromedp.Do(b.ctx, chromedp.MouseClickXY(pt.X, pt.Y)); err != nil {
		t.Fatal(err)
	}
	info := b.text("#map-info")
	for _, want := range []string{"Svay Rieng", "ស្វាយរៀង", "Bavet Moc Bai Casino", "not their location", "R14", "R16", "Natural Earth"} {
		if !strings.Contains(info, want) {
			t.Errorf("Svay Rieng's panel lacks %q:\n%s", want, info)
		}
	}
	if legend := b.text("#map-legend"); !strings.Contains(legend, "placed at the province's label point (Natural Earth), not the site's location") {
		t.Errorf("legend %q", legend)
	}
	var href string
	b.eval(`location.hash`, &href)
	if !strings.Contains(href, "at=province%3A20") {
		t.Errorf("the selected marker is not in the URL: %s", href)
	}
	var geo string
	b.eval(`fetch([...document.querySelectorAll('#cite a.download')].find(a => a.textContent === 'GeoJSON').href).then(r => r.text())`, &geo)
	if !strings.Contains(geo, `"FeatureCollection"`) || !strings.Contains(geo, `"C_MOCBAI"`) || !strings.Contains(geo, `"precision": "province"`) {
		t.Errorf("GeoJSON download = %.200q", geo)
	}
}

// browsePhone checks that the assessment at phone width does not scroll
// sideways.
func browsePhone(t *testing.T, b *browser, base string) {
	if err := chromedp.Do(b.ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	defer chromedp.Do(b.ctx, chromedp.EmulateViewport(1280, 900))
	b.open("#/?from=2025-07&to=2025-07", "assessment")
	var overflow bool
	b.eval(`document.documentElement.scrollWidth > window.innerWidth + 1`, &overflow)
	if overflow {
		t.Error("the assessment scrolls sideways at phone width")
	}
	b.screenshot("assessment-phone")
	b.clean("phone")
}

// browseKeyboard checks that Tab goes to the skip link, the brand, then
// the views.
func browseKeyboard(t *testing.T, b *browser, base string) {
	b.open("#/", "assessment")
	var focused []string
	for range 3 {
		var s string
		if err := chromedp.Do(b.ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		b.eval(`document.activeElement.textContent.trim()`, &s)
		focused = append(focused, s)
	}
	if focused[0] != "Skip to content" || focused[2] != "Site assessment" {
		t.Errorf("Tab focuses %q, want the skip link, the brand, then the views", focused)
	}
	b.clean("keyboard")
}

// browseGraphiQL checks that GraphiQL runs its default query against the
// server.
func browseGraphiQL(t *testing.T, b *browser, base string) {
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/graphiql"), chromedp.WaitVisible(chromedp.CSS(`.graphiql-container .graphiql-editor`)), chromedp.Sleep(time.Second)); err != nil {
		t.Fatalf("GraphiQL: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.graphiql-execute-button`))); err != nil {
		t.Fatalf("GraphiQL run: %v", err)
	}
	var answer string
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
		if answer = b.text(".graphiql-response"); strings.Contains(answer, "C_MDS_THMORDA") {
			break
		}
	}
	if !strings.Contains(answer, "C_MDS_THMORDA") {
		t.Errorf("GraphiQL's answer = %.300q, want the July 2025 assessment", answer)
	}
	b.screenshot("graphiql")
	b.clean("graphiql")
}

// checkCite checks the "Cite this" box: the dataset version the API gives,
// a permalink with the view's filters, the sources listed, and a CSV
// download holding the view's rows.
func (b *browser) checkCite(t *testing.T, version, filters, header, row string) {
	t.Helper()
	if got := b.text("#dataset-version"); got != version {
		t.Errorf("dataset version shown %q, the API %q", got, version)
	}
	if got := b.text("#cite .permalink"); !strings.Contains(got, filters) {
		t.Errorf("permalink %q lacks the filters %q", got, filters)
	}
	var sources int
	b.eval(`document.querySelectorAll('#cite-sources li[data-source]').length`, &sources)
	if sources == 0 {
		t.Error("no source listed under Cite this")
	}
	var csv string
	b.eval(`fetch(document.querySelector('#cite a.download').href).then(r => r.text())`, &csv)
	if !strings.Contains(strings.SplitN(csv, "\n", 2)[0], header) || !strings.Contains(csv, row) {
		t.Errorf("CSV download = %.300q, want a %s column and %s", csv, header, row)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
